// The mask playground's computations in Node (cpu backend): painted maps, µ̂ and the masked map against SPEC §2.
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { addBump, partWorldMap, presetMap } from './featureMaps';
import { maskView } from './maskView';

describe('mask playground', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('centres the paper mask on the painted peak and keeps max(x ∘ mask, 0)', async () => {
    const n = 9;
    const map = addBump(new Float32Array(n * n), n, [2, 6], 1, 0.8);
    const view = await maskView({ map, n, variant: 'paper' });
    expect(view.argmax).toEqual([2, 6]);
    expect(view.mu).toEqual([2, 6]);
    map.forEach((x, c) => {
      const mask = Math.max(1 - (4 * (Math.abs(Math.floor(c / n) - 2) + Math.abs((c % n) - 6))) / n, -1);
      expect(view.mask[c]).toBeCloseTo(mask, 6);
      expect(view.masked[c]).toBeCloseTo(Math.max(x * mask, 0), 6);
    });
  });

  it("puts the authors' mask on the rounded centroid, and on the centre with placement 'centre'", async () => {
    const n = 9;
    const map = new Float32Array(n * n);
    map[1 * n + 1] = 1;
    map[5 * n + 7] = 1; // centroid (3, 4)
    expect((await maskView({ map, n, variant: 'authors' })).mu).toEqual([3, 4]);
    expect((await maskView({ map, n, variant: 'paper', placement: 'centre' })).mu).toEqual([4, 4]);
  });

  it('scales the paper mask by τ = 0.5/n² with maskScale tau', async () => {
    const n = 7;
    const view = await maskView({ map: presetMap('one part', n, 3), n, variant: 'paper', maskScale: 'tau' });
    expect(Math.max(...view.mask)).toBeCloseTo(0.5 / 49, 7);
  });

  it('draws reproducible presets, and a PartWorld part map with its source', async () => {
    expect(presetMap('two parts', 11, 5)).toEqual(presetMap('two parts', 11, 5));
    expect(presetMap('clear', 11, 5).every((v) => v === 0)).toBe(true);
    const world = await partWorldMap(13, 2);
    expect(world.map).toHaveLength(169);
    expect(Math.max(...world.map)).toBeGreaterThan(0.5);
    expect(world.source.sample.landmarks[world.source.part]).not.toBeNull();
  });

  it('names a map of the wrong size', async () => {
    await expect(maskView({ map: new Float32Array(10), n: 4 })).rejects.toThrow(/'map' has 10 values, expected n·n = 16/);
  });
});
