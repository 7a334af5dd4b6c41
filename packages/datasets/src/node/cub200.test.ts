import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/tempDirs';
import { CUB_LANDMARKS, loadCub200 } from './cub200';

// CUB-200-2011's parts.txt, verbatim.
const PARTS = ['back', 'beak', 'belly', 'breast', 'crown', 'forehead', 'left eye', 'left leg', 'left wing', 'nape', 'right eye', 'right leg', 'right wing', 'tail', 'throat'];

interface Fixture {
  images?: string;
  classes?: string;
  labels?: string;
  split?: string;
  boxes?: string;
  parts?: string;
  locs?: string;
}

/** Writes a CUB-200-2011 tree in its exact format: 3 images of 2 classes, 40×30 JPEGs. */
async function writeCub(overrides: Fixture = {}): Promise<string> {
  const root = tempDir('icnn-cub-');
  const locs: string[] = [];
  for (let img = 1; img <= 3; img++) {
    for (let p = 1; p <= 15; p++) locs.push(p % 3 === 0 ? `${img} ${p} 0.0 0.0 0` : `${img} ${p} ${10 + p}.0 ${5 + img}.5 1`);
  }
  const files: Record<string, string> = {
    'images.txt': '1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg\n2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg\n3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg\n',
    'classes.txt': '1 001.Black_footed_Albatross\n2 002.Laysan_Albatross\n',
    'image_class_labels.txt': '1 1\n2 1\n3 2\n',
    'train_test_split.txt': '1 0\n2 1\n3 0\n',
    'bounding_boxes.txt': '1 2.0 3.0 30.0 20.0\n2 0.0 0.0 40.0 30.0\n3 5.5 1.0 20.25 10.0\n',
    'parts/parts.txt': PARTS.map((name, i) => `${i + 1} ${name}`).join('\n') + '\n',
    'parts/part_locs.txt': locs.join('\n') + '\n',
  };
  const keys: Record<keyof Fixture, string> = { images: 'images.txt', classes: 'classes.txt', labels: 'image_class_labels.txt', split: 'train_test_split.txt', boxes: 'bounding_boxes.txt', parts: 'parts/parts.txt', locs: 'parts/part_locs.txt' };
  for (const [key, value] of Object.entries(overrides)) files[keys[key as keyof Fixture]] = value;
  mkdirSync(join(root, 'parts'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 120, b: 200 } } }).jpeg().toBuffer();
  for (const line of files['images.txt'].trim().split('\n')) {
    const rel = line.split(' ')[1];
    if (rel === undefined || rel.includes('..')) continue;
    mkdirSync(join(root, 'images', rel.split('/')[0]), { recursive: true });
    writeFileSync(join(root, 'images', rel), jpeg);
  }
  return root;
}

describe('loadCub200', () => {
  it('reads every file: classes, split, boxes in 0-based inclusive pixels, 15 named landmarks', async () => {
    const root = await writeCub();
    const { samples, skipped } = await loadCub200({ root, checkImages: true });
    expect(skipped).toEqual([]);
    expect(samples.map((s) => [s.id, s.category, s.classId, s.split])).toEqual([
      ['1', '001.Black_footed_Albatross', 1, 'test'],
      ['2', '001.Black_footed_Albatross', 1, 'train'],
      ['3', '002.Laysan_Albatross', 2, 'test'],
    ]);
    expect(samples[0].imagePath).toBe(join(root, 'images', '001.Black_footed_Albatross', 'Black_Footed_Albatross_0046_18.jpg'));
    // x y w h → [x, x + w − 1] × [y, y + h − 1].
    expect(samples[0].bbox).toEqual({ xmin: 2, ymin: 3, xmax: 31, ymax: 22 });
    expect(samples[1].bbox).toEqual({ xmin: 0, ymin: 0, xmax: 39, ymax: 29 });
    expect(samples[2].bbox).toEqual({ xmin: 5.5, ymin: 1, xmax: 24.75, ymax: 10 });
    expect(Object.keys(samples[0].landmarks)).toEqual(PARTS);
    expect(samples[0].landmarks['left eye']).toEqual([17, 6.5]);
    expect(samples[1].landmarks.back).toEqual([11, 7.5]);
    expect(samples[1].landmarks.forehead).toBeNull(); // written `0.0 0.0 0`
    expect(samples[2].landmarks.tail).toEqual([24, 8.5]);
    expect(Object.keys(CUB_LANDMARKS)).toEqual(['back', 'forehead', 'tail']);
  });

  const bad: [string, Fixture, RegExp][] = [
    ['a malformed line', { boxes: '1 2.0 3.0 30.0 20.0\n2 0.0 zero 40.0 30.0\n3 5.5 1.0 20.25 10.0\n' }, /bounding_boxes\.txt:2: malformed box "0\.0 zero 40\.0 30\.0"/],
    ['a line with too few fields', { split: '1 0\n2\n3 0\n' }, /train_test_split\.txt:2: malformed line \(expected `id isTrain`, found 1 fields\)/],
    ['an unknown image id', { labels: '1 1\n2 1\n3 2\n9 1\n' }, /image_class_labels\.txt:4: unknown image id 9 \(not in images\.txt\)/],
    ['an unknown class id', { labels: '1 1\n2 7\n3 2\n' }, /image_class_labels\.txt:2: unknown class id 7/],
    ['an unknown part id', { locs: '1 16 1.0 1.0 1\n' }, /part_locs\.txt:1: unknown part id 16/],
    ['a bad visibility flag', { locs: '1 1 1.0 1.0 2\n' }, /part_locs\.txt:1: malformed line/],
    ['a repeated id', { split: '1 0\n1 1\n2 1\n3 0\n' }, /train_test_split\.txt:2: id 1 appears twice/],
    ['a path escaping the root', { images: '1 ../../etc/passwd\n2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg\n3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg\n' }, /images\.txt:1: path "\.\.\/\.\.\/etc\/passwd" escapes the dataset root/],
    ['an image without a box', { boxes: '1 2.0 3.0 30.0 20.0\n3 5.5 1.0 20.25 10.0\n' }, /images\.txt:2: image 2 has no entry in bounding_boxes\.txt/],
    ['a renumbered landmark part', { parts: PARTS.map((n, i) => `${i + 1} ${i === 5 ? 'crown' : i === 4 ? 'forehead' : n}`).join('\n') }, /parts\.txt:6: part 6 must be 'forehead'/],
  ];
  for (const [what, fixture, message] of bad) {
    it(`names the file and line of ${what}`, async () => {
      const root = await writeCub(fixture);
      await expect(loadCub200({ root })).rejects.toThrow(message);
    });
  }

  it('checkImages: names a box outside the image and a missing image', async () => {
    const outside = await writeCub({ boxes: '1 2.0 3.0 30.0 20.0\n2 0.0 0.0 41.0 30.0\n3 5.5 1.0 20.25 10.0\n' });
    await loadCub200({ root: outside }); // sizes unknown without checkImages
    await expect(loadCub200({ root: outside, checkImages: true })).rejects.toThrow(/bounding_boxes\.txt:2: box of image 2 .* lies outside the 40×30 image/);
    const missing = await writeCub({ images: '1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg\n2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg\n3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg\n' });
    const { rmSync } = await import('node:fs');
    rmSync(join(missing, 'images', '002.Laysan_Albatross', 'Laysan_Albatross_0002_1027.jpg'));
    await expect(loadCub200({ root: missing, checkImages: true })).rejects.toThrow(/images\.txt:3: .*Laysan_Albatross_0002_1027\.jpg: cannot open image \(ENOENT\)/);
  });

  it('skipBad skips and counts bad lines and the images they leave incomplete', async () => {
    const root = await writeCub({
      boxes: '1 2.0 3.0 30.0 20.0\n2 0.0 zero 40.0 30.0\n3 5.5 1.0 20.25 10.0\n',
      labels: '1 1\n2 1\n3 2\n9 1\n',
      locs: '1 1 11.0 6.5 1\ngarbage\n',
    });
    const { samples, skipped } = await loadCub200({ root, skipBad: true });
    expect(samples.map((s) => s.id)).toEqual(['1', '3']);
    expect(skipped.map((s) => `${s.file.slice(root.length + 1)}:${s.line}`)).toEqual([
      'image_class_labels.txt:4',
      'bounding_boxes.txt:2',
      'parts/part_locs.txt:2',
      'images.txt:2',
    ]);
    expect(skipped[3].reason).toBe('image 2 has no entry in bounding_boxes.txt');
    expect(samples[0].landmarks.back).toEqual([11, 6.5]);
    expect(samples[1].landmarks.back).toBeNull(); // no line for it
  });

  it('names a missing file', async () => {
    const root = tempDir('icnn-cub-empty-');
    await expect(loadCub200({ root })).rejects.toThrow(/classes\.txt: file not found/);
  });
});
