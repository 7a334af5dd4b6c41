import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@icnn/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions, type TrainerOptions } from '../config/options';
import { trainNetwork, type TrainResult } from '../run/trainNetwork';
import { tinyImageFolder } from '../testing/tinyImageFolder';
import { temporaryOut } from '../testing/tinyOptions';
import { acceptBadImages, allowedBadImages } from './badImages';
import { prepareImageFolderData } from './imageFolderData';
import { prepareData, type PreparedData } from './prepareData';

const data = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const ilsvrc = join(data, 'ilsvrc-animal-part');
const fox = join(ilsvrc, 'images', 'n02118333_obj', 'img');
const absent = !existsSync(join(fox, 'data.mat')) || !existsSync(join(data, 'negatives', '00001.JPEG'));

/** stderr while `work` runs. */
async function stderrOf(work: () => Promise<unknown>): Promise<{ text: string; error: unknown }> {
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let error: unknown = null;
  try {
    await work();
  } catch (caught) {
    error = caught;
  }
  const text = write.mock.calls.map(([chunk]) => String(chunk)).join('');
  write.mockRestore();
  return { text, error };
}

/** The fox images (linked) with image 7 replaced by garbage, and 8 negatives (copied) beside a text file named .JPEG. */
function damagedIlsvrc(): { imagesRoot: string; negatives: string; badPositive: string; badNegative: string } {
  const root = mkdtempSync(join(tmpdir(), 'icnn-bad-images-'));
  const images = join(root, 'images', 'n02118333_obj', 'img', 'img');
  mkdirSync(images, { recursive: true });
  symlinkSync(join(fox, 'data.mat'), join(root, 'images', 'n02118333_obj', 'img', 'data.mat'));
  for (const name of readdirSync(join(fox, 'img'))) {
    if (name === '00007.jpg') writeFileSync(join(images, name), 'garbage');
    else symlinkSync(join(fox, 'img', name), join(images, name));
  }
  const negatives = join(root, 'negatives');
  mkdirSync(negatives);
  for (let i = 1; i <= 8; i++) symlinkSync(join(data, 'negatives', `0000${i}.JPEG`), join(negatives, `0000${i}.JPEG`));
  writeFileSync(join(negatives, '00009.JPEG'), 'not an image');
  return { imagesRoot: join(root, 'images'), negatives, badPositive: join(images, '00007.jpg'), badNegative: join(negatives, '00009.JPEG') };
}

const ilsvrcOptions = (imagesRoot: string, negatives: string, extra: string[] = []): TrainerOptions =>
  resolveOptions([
    ...['--backend', 'cpu', '--dataset', 'ilsvrc', '--images-root', imagesRoot, '--parts-root', join(ilsvrc, 'parts'), '--category', 'n02118333'],
    ...['--negatives', negatives, '--max-negatives', '9', '--input-size', '16', '--width', '0.0625', '--hidden', '8', '--epochs', '1', '--batch', '64', '--workers', '1', '--progress', 'false'],
    ...['--cache-dir', mkdtempSync(join(tmpdir(), 'icnn-crop-cache-')), ...extra],
  ]).options;

afterEach(() => vi.restoreAllMocks());

describe('bad images: one rule', () => {
  it('--max-bad-images is a share below 1 and a count from 1', () => {
    expect(allowedBadImages(0.01, 295)).toBe(2);
    expect(allowedBadImages(0, 295)).toBe(0);
    expect(allowedBadImages(3, 10)).toBe(3);
    expect(resolveOptions([]).options.maxBadImages).toBe(0.01);
    expect(() => resolveOptions(['--max-bad-images', '2.5'])).toThrow(/option 'maxBadImages' must be a share below 1 or a whole count, got 2\.5/);
    expect(() => resolveOptions(['--max-bad-images', '-1'])).toThrow(/option 'maxBadImages' \(flag --maxBadImages\) must be a number ≥ 0/);
  });

  it('names every skipped image with its reason, and stops only past the threshold', async () => {
    const skipped = [
      { file: '/d/a.jpg', reason: '/d/a.jpg: cannot decode image (bad)' },
      { file: '/d/b.jpg', reason: 'no header' },
    ];
    const within = await stderrOf(async () => acceptBadImages(skipped, 200, 0.01));
    expect(within.error).toBeNull();
    expect(within.text).toBe('icnn: skipping /d/a.jpg: cannot decode image (bad)\nicnn: skipping /d/b.jpg: no header\n');
    const past = await stderrOf(async () => acceptBadImages(skipped, 100, 0.01));
    expect(String(past.error)).toMatch(/ConfigError: 2 of 100 images cannot be read \(named above\), more than --max-bad-images 0\.01 allows \(1\)/);
  });

  it('pretrain: an image with a bad header and one cut short are both skipped, named and left out of the counts', async () => {
    const root = tinyImageFolder(2, 8, 24);
    const truncated = join(root, 'class0', '003.png');
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 60));
    const garbage = join(root, 'class1', '005.png');
    writeFileSync(garbage, 'not a png');
    const options = resolveOptions(['--image-folder', root, '--input-size', '16', '--max-bad-images', '2']).options;
    let prepared: PreparedData | undefined;
    const { text } = await stderrOf(async () => (prepared = await prepareImageFolderData(options)));
    expect(text).toContain(`icnn: skipping ${garbage}: cannot read image header`);
    expect(text).toContain(`icnn: skipping ${truncated}: cannot decode image`);
    expect(prepared!.skippedImages.map((s) => s.file).sort()).toEqual([truncated, garbage].sort());
    expect(prepared!.set.train.items.length + prepared!.set.val.items.length).toBe(14);
    expect(prepared!.description).toMatch(/2 classes, 14 images; 2 unreadable images skipped$/);
    const strict = await stderrOf(() => prepareImageFolderData({ ...options, maxBadImages: 1 }));
    expect(String(strict.error)).toMatch(/2 of 16 images cannot be read \(named above\), more than --max-bad-images 1 allows \(1\)/);
  });

  it.skipIf(absent)(`ILSVRC: a corrupt positive and a non-JPEG negative are named, counted in log.jsonl and the metrics, not the end of the run${absent ? ` (needs ${ilsvrc})` : ''}`, async () => {
    await initBackend('cpu');
    const { imagesRoot, negatives, badPositive, badNegative } = damagedIlsvrc();
    const strict = await stderrOf(() => prepareData(ilsvrcOptions(imagesRoot, negatives, ['--max-bad-images', '1'])));
    expect(String(strict.error)).toMatch(/2 of 295 images cannot be read \(named above\), more than --max-bad-images 1 allows \(1\)/);
    // The default, 1% of 295 images, allows 2.
    const out = temporaryOut();
    let result: TrainResult | undefined;
    const { text } = await stderrOf(async () => (result = await trainNetwork({ ...ilsvrcOptions(imagesRoot, negatives), out }, { verbose: false })));
    expect(text).toContain(`icnn: skipping ${badPositive}: cannot decode image`);
    expect(text).toContain(`icnn: skipping ${badNegative}: cannot read image header (Input file contains unsupported image format)`);
    const start = JSON.parse(readFileSync(join(out, 'log.jsonl'), 'utf8').split('\n')[0]) as { trainImages: number; valImages: number; skippedImages: { file: string }[] };
    expect(start.skippedImages.map((s) => s.file)).toEqual([badPositive, badNegative]);
    // 285 readable objects, mirrored, and the 8 readable negatives.
    expect(start.trainImages + start.valImages).toBe(285 * 2 + 8);
    expect(result!.metrics!.skippedImages).toBe(2);
    expect(result!.metrics!.evaluationImages).toBeLessThanOrEqual(285);
    expect(result!.data.description).toMatch(/285 objects vs 8 negatives; 2 unreadable images skipped$/);
    result!.net.dispose();
  }, 240_000);
});
