// PNG files from RGBA images (encodePng: fast-png, deflate level 9).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodePng } from '../render/encodePng';
import type { RgbaImage } from '../render/rgbaImage';

/** Writes `image` as a PNG to `path` (parent folders made as needed); resolves to the bytes written. */
export async function writePng(path: string, image: RgbaImage): Promise<Uint8Array> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError(`writePng: 'path' must be a non-empty string, got ${String(path)}`);
  const png = encodePng(image);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
  return png;
}
