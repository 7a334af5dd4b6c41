import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jitterSplit, SHIFTED_EVALUATION } from '@icnn/datasets';
import { initBackend } from '@icnn/runtime';
import { describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../config/options';
import { tinyOptions } from '../testing/tinyOptions';
import { trainNetwork, type TrainResult } from '../run/trainNetwork';
import { prepareData } from './prepareData';

const data = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const ilsvrc = join(data, 'ilsvrc-animal-part');
const absent = !existsSync(join(ilsvrc, 'images', 'n02118333_obj')) || !existsSync(join(data, 'negatives'));

/** The crops the disk cache holds (one file each, in two-letter folders). */
const cachedCrops = (dir: string) => readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.rgb')).length;

describe('prepareData', () => {
  it('--train-jitter jitters the training boxes as the shifted evaluation does; PartWorld keeps its one in-memory loader', async () => {
    expect((await prepareData(tinyOptions())).trainJitter).toBeUndefined();
    const jittered = await prepareData(tinyOptions(['--train-jitter']));
    expect(jittered.trainJitter).toEqual(SHIFTED_EVALUATION);
    expect(jittered.trainLoad).toBeUndefined();
  });

  it('says once when the split leaves no validation image, and the epochs print val acc n/a instead of NaN', async () => {
    await initBackend('cpu');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let result: TrainResult;
    let text: string;
    try {
      result = await trainNetwork(tinyOptions(['--partworld-images', '8', '--epochs', '2', '--progress', 'false']), {});
    } finally {
      text = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      write.mockRestore();
    }
    expect(result.data.set.val.items).toHaveLength(0);
    expect(text.match(/icnn: warning: no validation images \(PartWorld .*: \d+ training images, the 90\/10 split by object left none\); validation accuracy is n\/a/g)).toHaveLength(1);
    expect(text).toMatch(/epoch 1\/2: .* val acc n\/a \(/);
    expect(text).not.toMatch(/NaN/);
    result.net.dispose();
  }, 60_000);

  it.skipIf(absent)(`ILSVRC with --train-jitter: training crops bypass the disk cache, fixed boxes fill it${absent ? ` (needs ${ilsvrc})` : ''}`, async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'icnn-crop-cache-'));
    const { options } = resolveOptions([
      ...['--dataset', 'ilsvrc', '--images-root', join(ilsvrc, 'images'), '--parts-root', join(ilsvrc, 'parts'), '--category', 'n02118333'],
      ...['--negatives', join(data, 'negatives'), '--max-negatives', '4', '--input-size', '16', '--cache-dir', cacheDir, '--train-jitter'],
    ]);
    const prepared = await prepareData(options);
    const afterMean = cachedCrops(cacheDir);
    expect(afterMean).toBeGreaterThan(0); // the mean image's crops: the training split's own boxes
    const epochBoxes = jitterSplit(prepared.set.train, prepared.trainJitter!, options.seed, 1).items.slice(0, 4);
    for (const item of epochBoxes) expect((await prepared.trainLoad!(item.sample))?.image.width).toBe(16);
    expect(cachedCrops(cacheDir)).toBe(afterMean);
    // The same boxes through the evaluation's loader are cached (fixed boxes, such as the shifted evaluation's).
    for (const item of epochBoxes) await prepared.load(item.sample);
    expect(cachedCrops(cacheDir)).toBe(afterMean + epochBoxes.length);
  }, 120_000);
});
