import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { batches } from '../batches/batches';
import type { FileSample } from '../sample';
import { singleCategorySet } from '../sets/singleCategorySet';
import { setMean } from '../sets/setMean';
import { tempDir } from '../testing/tempDirs';
import { decodeImage } from './decodeImage';
import { createFileCropLoader } from './fileCropLoader';
import { ILSVRC_ANIMAL_PART_WNIDS, loadIlsvrcAnimalPart } from './ilsvrcAnimalPart';
import { loadNegatives } from './negatives';

const data = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const present = existsSync(join(data, 'ilsvrc-animal-part', 'images', 'n02118333_obj', 'img', 'data.mat')) && existsSync(join(data, 'negatives', '00001.JPEG'));
const reason = present ? 'present' : `needs ../shared/data (ilsvrc-animal-part and negatives, not found at ${data})`;

/** A W×H JPEG (quality 95) whose left half is red and right half blue. */
async function writeJpeg(path: string, width: number, height: number, grey = false): Promise<void> {
  const raw = Buffer.alloc(width * height * 3);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) raw.set(c < width / 2 ? [220, 20, 20] : [20, 20, 220], (r * width + c) * 3);
  let image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (grey) image = image.greyscale();
  writeFileSync(path, await image.jpeg({ quality: 95 }).toBuffer());
}

const fileSample = (id: string, imagePath: string, bbox = { xmin: 0, ymin: 0, xmax: 39, ymax: 29 }): FileSample => ({ id, imagePath, category: 'thing', bbox, landmarks: {} });

describe('decodeImage', () => {
  it('decodes colour and grey JPEGs to RGB', async () => {
    const dir = tempDir('icnn-decode-');
    await writeJpeg(join(dir, 'a.jpg'), 40, 30);
    await writeJpeg(join(dir, 'g.jpg'), 8, 6, true);
    const a = await decodeImage(join(dir, 'a.jpg'));
    expect([a.width, a.height, a.data.length]).toEqual([40, 30, 3600]);
    expect(a.data[0]).toBeGreaterThan(180);
    expect(a.data[2]).toBeLessThan(60);
    const g = await decodeImage(join(dir, 'g.jpg'));
    expect(g.data.length).toBe(8 * 6 * 3);
    expect(g.data[0]).toBe(g.data[1]);
  });

  it('names a missing, truncated or non-image file', async () => {
    const dir = tempDir('icnn-decode-');
    await writeJpeg(join(dir, 'a.jpg'), 64, 48);
    const whole = readFileSync(join(dir, 'a.jpg'));
    writeFileSync(join(dir, 'cut.jpg'), whole.subarray(0, 300));
    writeFileSync(join(dir, 'text.jpg'), 'not an image');
    expect(whole.length).toBeGreaterThan(300);
    await expect(decodeImage(join(dir, 'none.jpg'))).rejects.toThrow(`${join(dir, 'none.jpg')}: cannot open image (ENOENT)`);
    await expect(decodeImage(join(dir, 'cut.jpg'))).rejects.toThrow(`${join(dir, 'cut.jpg')}: cannot decode image`);
    await expect(decodeImage(join(dir, 'text.jpg'))).rejects.toThrow(`${join(dir, 'text.jpg')}: cannot decode image (Input buffer contains unsupported image format)`);
  });
});

describe('createFileCropLoader', () => {
  it('decodes once: a second pass, and a new loader on the same cache, read the crops from disk', async () => {
    const dir = tempDir('icnn-crops-');
    const paths = ['a', 'b', 'c'].map((n) => join(dir, `${n}.jpg`));
    for (const p of paths) await writeJpeg(p, 40, 30);
    const samples = paths.map((p, i) => fileSample(`s${i}`, p));
    const cacheDir = join(dir, 'cache');
    const size = { width: 16, height: 16 };
    const first = createFileCropLoader({ size, cacheDir });
    const crops = await Promise.all(samples.map((s) => first.load(s)));
    expect(first.stats).toMatchObject({ decodes: 3, cacheHits: 0 });
    await Promise.all(samples.map((s) => first.load(s)));
    expect(first.stats).toMatchObject({ decodes: 3, cacheHits: 3 });
    const later = createFileCropLoader({ size, cacheDir });
    const again = await Promise.all(samples.map((s) => later.load(s)));
    expect(later.stats).toMatchObject({ decodes: 0, cacheHits: 3 });
    expect(again.map((c) => Array.from(c!.image.data))).toEqual(crops.map((c) => Array.from(c!.image.data)));
    expect(again.map((c) => c!.transform)).toEqual(crops.map((c) => c!.transform));
    // Another box or size, or a touched file, is a miss.
    await later.load(fileSample('s0', paths[0], { xmin: 1, ymin: 0, xmax: 39, ymax: 29 }));
    await createFileCropLoader({ size: { width: 8, height: 8 }, cacheDir }).load(samples[1]);
    utimesSync(paths[2], new Date(), new Date(Date.now() + 5000));
    await later.load(samples[2]);
    expect(later.stats.decodes).toBe(2);
  });

  it('throws naming the file, or with skipBad skips and counts bad images and boxes', async () => {
    const dir = tempDir('icnn-crops-');
    await writeJpeg(join(dir, 'ok.jpg'), 40, 30);
    writeFileSync(join(dir, 'bad.jpg'), 'garbage');
    const size = { width: 8, height: 8 };
    const ok = fileSample('ok', join(dir, 'ok.jpg'));
    const bad = fileSample('bad', join(dir, 'bad.jpg'));
    const missing = fileSample('missing', join(dir, 'missing.jpg'));
    const outside = fileSample('outside', join(dir, 'ok.jpg'), { xmin: 100, ymin: 0, xmax: 120, ymax: 10 });
    const strict = createFileCropLoader({ size });
    await expect(strict.load(bad)).rejects.toThrow(`${bad.imagePath}: cannot decode image`);
    await expect(strict.load(missing)).rejects.toThrow(`${missing.imagePath}: cannot open image (ENOENT)`);
    await expect(strict.load(outside)).rejects.toThrow(`${outside.imagePath}: sample outside: box { xmin: 100, ymin: 0, xmax: 120, ymax: 10 } lies outside the 40×30 image`);
    const lenient = createFileCropLoader({ size, skipBad: true });
    const set = singleCategorySet({ positives: [ok], negatives: [bad, missing, outside], seed: 0, positiveShare: null, valFraction: 0 });
    let items = 0;
    for await (const batch of batches(set.train, { batchSize: 10, load: lenient.load, size })) items += batch.items.length;
    expect(items).toBe(2); // ok and its mirror
    expect(lenient.stats.skipped.map((s) => s.id).sort()).toEqual(['bad', 'missing', 'outside']);
    const badEntry = lenient.stats.skipped.find((s) => s.id === 'bad')!;
    expect(badEntry.reason).toMatch(/bad\.jpg: cannot decode image/);
  });
});

describe.skipIf(!present)(`the file pipeline on ../shared/data (${reason})`, () => {
  it('fox vs negatives: mean image, cached second pass, landmarks inside the input', async () => {
    const { samples } = await loadIlsvrcAnimalPart({ imagesRoot: join(data, 'ilsvrc-animal-part', 'images'), partsRoot: join(data, 'ilsvrc-animal-part', 'parts'), categories: ['fox'] });
    const { samples: negatives } = await loadNegatives({ dir: join(data, 'negatives'), limit: 10 });
    const positives = samples.slice(0, 20);
    const size = { width: 64, height: 64 };
    const set = singleCategorySet({ positives, negatives, seed: 1 });
    const loader = createFileCropLoader({ size, cacheDir: join(tempDir('icnn-real-'), 'cache') });
    const { mean, count } = await setMean(set.train, { load: loader.load, size });
    expect(count).toBe(set.train.items.length);
    const decodes = loader.stats.decodes;
    expect(decodes).toBe(new Set(set.train.items.map((i) => i.sample.id)).size);
    let seen = 0;
    for await (const batch of batches(set.train, { batchSize: 8, load: loader.load, size, mean, shuffle: true, seed: 2 })) {
      expect(batch.images.every(Number.isFinite)).toBe(true);
      batch.items.forEach((item, b) => {
        const head = item.sample.landmarks.head;
        if (!head) return;
        const [x, y] = [batch.transforms[b].sx * head[0] + batch.transforms[b].tx, batch.transforms[b].sy * head[1] + batch.transforms[b].ty];
        expect(x).toBeGreaterThanOrEqual(-0.5);
        expect(x).toBeLessThanOrEqual(63.5);
        expect(y).toBeGreaterThanOrEqual(-0.5);
        expect(y).toBeLessThanOrEqual(63.5);
        seen++;
      });
    }
    expect(seen).toBeGreaterThan(0);
    expect(loader.stats.decodes).toBe(decodes); // the pass after the mean read every crop from the cache
    expect(ILSVRC_ANIMAL_PART_WNIDS.fox).toBe(positives[0].category);
  });
});
