import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/tempDirs';
import { decodeImage } from './decodeImage';
import { loadImageFolder } from './imageFolder';

const crops = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/animal-crops');
const present = existsSync(join(crops, 'counts.json'));

async function image(path: string, width: number, height: number, format: 'jpeg' | 'png'): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3, 90);
  await sharp(pixels, { raw: { width, height, channels: 3 } })[format]().toFile(path);
}

/** <root>/cat: 3 JPEGs; <root>/dog: 2 PNGs and a README; <root>/.hidden (ignored). */
async function tree(): Promise<string> {
  const root = tempDir('icnn-folder-');
  for (const name of ['cat', 'dog', '.hidden']) mkdirSync(join(root, name));
  await image(join(root, 'cat', 'b.jpg'), 20, 10, 'jpeg');
  await image(join(root, 'cat', 'a.jpg'), 7, 9, 'jpeg');
  await image(join(root, 'cat', 'c.JPEG'), 5, 5, 'jpeg');
  await image(join(root, 'dog', '1.png'), 12, 4, 'png');
  await image(join(root, 'dog', '2.png'), 3, 3, 'png');
  writeFileSync(join(root, 'dog', 'README.txt'), 'not an image');
  writeFileSync(join(root, 'counts.json'), '{}');
  return root;
}

describe('loadImageFolder', () => {
  it('reads classes in name order, files in name order, each image boxed whole', async () => {
    const root = await tree();
    const folder = await loadImageFolder({ root });
    expect(folder.classes).toEqual(['cat', 'dog']);
    expect(folder.counts).toEqual({ cat: 3, dog: 2 });
    expect(folder.skipped).toEqual([]);
    expect(folder.samples.map((s) => s.id)).toEqual(['cat/a.jpg', 'cat/b.jpg', 'cat/c.JPEG', 'dog/1.png', 'dog/2.png']);
    expect(folder.samples[1]).toMatchObject({ category: 'cat', imagePath: join(root, 'cat', 'b.jpg'), bbox: { xmin: 0, ymin: 0, xmax: 19, ymax: 9 }, landmarks: {} });
    expect(folder.samples[3].bbox).toEqual({ xmin: 0, ymin: 0, xmax: 11, ymax: 3 });
  });

  it('takes a subset of classes in the given label order and at most `limit` images per class', async () => {
    const folder = await loadImageFolder({ root: await tree(), classes: ['dog', 'cat'], limit: 2 });
    expect(folder.classes).toEqual(['dog', 'cat']);
    expect(folder.samples.map((s) => s.id)).toEqual(['dog/1.png', 'dog/2.png', 'cat/a.jpg', 'cat/b.jpg']);
  });

  it('skips an unreadable image, naming it and its reason, and counts without it', async () => {
    const root = await tree();
    const bad = join(root, 'cat', 'broken.jpg');
    writeFileSync(bad, Buffer.from('this is no jpeg'));
    const folder = await loadImageFolder({ root });
    expect(folder.counts.cat).toBe(3);
    expect(folder.skipped).toHaveLength(1);
    expect(folder.skipped[0].file).toBe(bad);
    expect(folder.skipped[0].reason).toContain(`${bad}: cannot read image header`);
    await expect(loadImageFolder({ root, skipBad: false })).rejects.toThrow(`${bad}: cannot read image header`);
  });

  it('names a missing root, an unknown class, an empty class and a bad limit', async () => {
    const root = await tree();
    await expect(loadImageFolder({ root: join(root, 'nope') })).rejects.toThrow(/nope: folder not found/);
    await expect(loadImageFolder({ root, classes: ['cat', 'cow'] })).rejects.toThrow(/classes\[1\] = "cow": no folder .*cow/);
    mkdirSync(join(root, 'empty'));
    await expect(loadImageFolder({ root })).rejects.toThrow(/empty: no images \(class 'empty' is empty\)/);
    await expect(loadImageFolder({ root, classes: ['cat'], limit: 0 })).rejects.toThrow(/'limit' must be ≥ 1/);
    await expect(loadImageFolder({ root: tempDir('icnn-folder-') })).rejects.toThrow(/has no class folders/);
  });

  it.skipIf(!present)(`reads the 13,028 animal crops of shared/data (${present ? 'present' : `skipped: needs ${crops}`})`, async () => {
    const counts = JSON.parse(readFileSync(join(crops, 'counts.json'), 'utf8')) as Record<string, number>;
    const folder = await loadImageFolder({ root: crops });
    expect(folder.classes).toEqual(Object.keys(counts).sort());
    expect(folder.counts).toEqual(counts);
    expect(folder.samples).toHaveLength(13028);
    expect(folder.skipped).toEqual([]);
    const first = folder.samples[0];
    expect(first.bbox).toEqual({ xmin: 0, ymin: 0, xmax: 127, ymax: 127 });
    const decoded = await decodeImage(first.imagePath);
    expect([decoded.width, decoded.height]).toEqual([128, 128]);
  }, 120_000);
});
