import { describe, expect, it } from 'vitest';
import { partWorld } from '../partWorld/partWorld';
import type { Sample } from '../sample';
import { singleCategorySet } from '../sets/singleCategorySet';
import { setMean } from '../sets/setMean';
import { applyTransform } from '../image/transform';
import { memoryCropLoader, type CropLoader } from './cropLoader';
import { batches } from './batches';

const size = { width: 32, height: 32 };
const world = partWorld({ seed: 5, count: 40, size: 48, categories: 2 });
const positives = world.samples.filter((s) => s.category === 'alpha');
const negatives: Sample[] = world.samples
  .filter((s) => s.category === 'beta')
  .map((s) => ({ ...s, id: `neg/${s.id}`, category: 'negative', bbox: { xmin: 0, ymin: 0, xmax: 47, ymax: 47 }, landmarks: {} }));
const set = singleCategorySet({ positives, negatives, seed: 1 });

async function collect<T>(source: AsyncIterable<T>, each?: (value: T) => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of source) {
    out.push(value);
    if (each) await each(value);
  }
  return out;
}

describe('batches', () => {
  it('covers the split once, minus the mean, with ±1 labels, class indices and mirrored transforms', async () => {
    const load = memoryCropLoader(size);
    const { mean, count } = await setMean(set.train, { load, size });
    expect(count).toBe(set.train.items.length);
    const all = await collect(batches(set.train, { batchSize: 16, load, size, mean }));
    expect(all.map((b) => b.items.length).reduce((a, b) => a + b)).toBe(set.train.items.length);
    expect(all.every((b, i) => b.index === i && b.shape[0] === b.items.length && b.images.length === b.items.length * 32 * 32 * 3)).toBe(true);
    // Over the whole split, the normalised images average to zero at every pixel.
    const sum = new Float64Array(32 * 32 * 3);
    for (const b of all) for (let i = 0; i < b.images.length; i++) sum[i % sum.length] += b.images[i];
    expect(Math.max(...sum.map(Math.abs)) / count).toBeLessThan(1e-3);
    const first = all[0];
    first.items.forEach((item, b) => {
      expect(first.labels[b]).toBe(item.classIndex === 0 ? 1 : -1);
      expect(first.classes[b]).toBe(item.classIndex);
    });
    // A mirrored item's transform sends its box's left edge to the input's right edge.
    const batchWithFlip = all.find((b) => b.items.some((i) => i.flip))!;
    const k = batchWithFlip.items.findIndex((i) => i.flip);
    const { bbox } = batchWithFlip.items[k].sample;
    expect(applyTransform(batchWithFlip.transforms[k], bbox.xmin - 0.5, bbox.ymin - 0.5)[0]).toBeCloseTo(31.5, 9);
  });

  it('shuffles deterministically from seed and epoch', async () => {
    const load = memoryCropLoader(size);
    const ids = async (seed: number, epoch: number) =>
      (await collect(batches(set.train, { batchSize: 50, load, size, shuffle: true, seed, epoch }))).flatMap((b) => b.items.map((i) => `${i.sample.id}${i.flip}`));
    const a = await ids(1, 0);
    expect(await ids(1, 0)).toEqual(a);
    expect(await ids(1, 1)).not.toEqual(a);
    expect([...a].sort()).toEqual(set.train.items.map((i) => `${i.sample.id}${i.flip}`).sort());
  });

  it('prepares at most `prefetch` batches ahead of the consumer', async () => {
    const inner = memoryCropLoader(size);
    for (const prefetch of [0, 1, 3]) {
      let loads = 0;
      const counting: CropLoader = async (sample) => {
        loads++;
        return inner(sample);
      };
      const batchSize = 4;
      await collect(batches(set.train, { batchSize, load: counting, size, prefetch }), async (b) => {
        // A slow consumer: give background work every chance to run ahead.
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(loads).toBeLessThanOrEqual((b.index + 1 + prefetch) * batchSize);
        if (b.index + 1 + prefetch <= Math.ceil(set.train.items.length / batchSize) - 1) expect(loads).toBe((b.index + 1 + prefetch) * batchSize);
      });
    }
  });

  it('drops skipped items, and reports loader errors and bad options', async () => {
    const inner = memoryCropLoader(size);
    const skipping: CropLoader = async (sample) => (sample.id.startsWith('neg/') ? null : inner(sample));
    const all = await collect(batches(set.train, { batchSize: 1000, load: skipping, size }));
    expect(all.flatMap((b) => b.items).every((i) => i.classIndex === 0)).toBe(true);
    expect(all.reduce((n, b) => n + b.skipped, 0)).toBe(set.train.items.filter((i) => i.classIndex === -1).length);
    const failing: CropLoader = async (sample) => {
      throw new Error(`${sample.id}: broken`);
    };
    await expect(collect(batches(set.train, { batchSize: 8, load: failing, size }))).rejects.toThrow(/: broken/);
    await expect(collect(batches(set.train, { batchSize: 0, load: inner, size }))).rejects.toThrow('batches: batchSize must be an integer ≥ 1, got 0');
    await expect(collect(batches(set.train, { batchSize: 2, load: inner, size, mean: new Float32Array(3) }))).rejects.toThrow(/mean has 3 values/);
  });
});
