import { describe, expect, it } from 'vitest';
import { partWorld } from '../partWorld/partWorld';
import type { Sample } from '../sample';
import { memoryCropLoader } from './cropLoader';
import { batches } from './batches';
import { batchLandmarks, batchPartMasks } from './batchAnnotations';

describe('batchLandmarks and batchPartMasks', () => {
  it('put landmarks and part masks in the input frame, mirrored copies mirrored', async () => {
    const world = partWorld({ seed: 5, count: 6, categories: 1, size: 48 });
    const size = { width: 32, height: 32 };
    const names = world.categories[0].parts;
    const sample = world.samples[0] as Sample;
    const split = { categories: [sample.category], items: [{ sample, flip: false, classIndex: 0 }, { sample, flip: true, classIndex: 0 }] };
    const [batch] = await (async () => {
      const out = [];
      for await (const b of batches(split, { batchSize: 2, load: memoryCropLoader(size), size })) out.push(b);
      return out;
    })();
    const landmarks = batchLandmarks(batch, names);
    const masks = batchPartMasks(batch, names, size.width, size.height);
    expect(landmarks).toHaveLength(2);
    let checked = 0;
    names.forEach((name, k) => {
      const plain = landmarks[0][k];
      const mirrored = landmarks[1][k];
      expect(plain === null).toBe(mirrored === null);
      if (plain === null || mirrored === null) return;
      // Mirroring maps x to (W − 1) − x and keeps y (pixel i centred at i).
      expect(mirrored[0]).toBeCloseTo(size.width - 1 - plain[0], 6);
      expect(mirrored[1]).toBeCloseTo(plain[1], 6);
      for (const b of [0, 1]) {
        const mask = masks[b][k];
        expect(mask).not.toBeNull();
        expect(mask!.length).toBe(size.width * size.height);
        expect(mask!.reduce((a, v) => a + v, 0)).toBeGreaterThan(0);
      }
      // The two bitmaps are mirror images of each other.
      const area = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);
      expect(Math.abs(area(masks[0][k]!) - area(masks[1][k]!))).toBeLessThanOrEqual(size.height);
      checked++;
    });
    expect(checked).toBeGreaterThan(0);
  });
});
