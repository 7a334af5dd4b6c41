// A small image-folder tree for pretraining tests: `classes` folders of `perClass` PNGs, each class its own colour
// with a bright square at a seeded place (so the classes can be told apart, and crops differ).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbaImage, encodePng } from '@icnn/metrics/render';

export function tinyImageFolder(classes = 3, perClass = 8, side = 24): string {
  const root = mkdtempSync(join(tmpdir(), 'icnn-folder-'));
  for (let c = 0; c < classes; c++) {
    const dir = join(root, `class${c}`);
    mkdirSync(dir);
    for (let i = 0; i < perClass; i++) {
      const image = createRgbaImage(side, side, [40 + 70 * c, 200 - 60 * c, 90, 255]);
      const x0 = (i * 5) % (side - 6);
      for (let y = 4; y < 10; y++) for (let x = x0; x < x0 + 6; x++) image.data.set([255, 255, 255, 255], (y * side + x) * 4);
      writeFileSync(join(dir, `${String(i).padStart(3, '0')}.png`), encodePng(image));
    }
  }
  return root;
}
