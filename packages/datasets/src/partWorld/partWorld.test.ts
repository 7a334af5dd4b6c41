import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskArea, maskContains } from '../partMask';
import { partWorld, type PartWorldSample } from './partWorld';

function digest(samples: PartWorldSample[]): string {
  const hash = createHash('sha256');
  for (const s of samples) {
    hash.update(s.image.data);
    hash.update(JSON.stringify([s.id, s.category, s.bbox, s.landmarks]));
    for (const mask of Object.values(s.partMasks)) hash.update(mask.data);
  }
  return hash.digest('hex');
}

describe('partWorld', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const a = digest(partWorld({ seed: 7, count: 60 }).samples);
    const b = digest(partWorld({ seed: 7, count: 60 }).samples);
    const c = digest(partWorld({ seed: 8, count: 60 }).samples);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('draws sample i from (seed, i) alone, so chunks of a stream match the whole', () => {
    const whole = partWorld({ seed: 3, count: 20 }).samples;
    const tail = partWorld({ seed: 3, count: 5, start: 15 }).samples;
    expect(digest(tail)).toBe(digest(whole.slice(15)));
  });

  it('keeps the categories across sample seeds and changes them with worldSeed', () => {
    const a = partWorld({ seed: 1, count: 0 }).categories;
    expect(partWorld({ seed: 2, count: 0 }).categories).toEqual(a);
    expect(a.map((c) => c.name)).toEqual(['alpha', 'beta', 'gamma']);
    for (const c of a) expect(c.parts.length).toBeGreaterThanOrEqual(4);
    for (const c of a) expect(c.parts.length).toBeLessThanOrEqual(6);
    const other = partWorld({ seed: 1, count: 9, worldSeed: 5 }).samples;
    expect(digest(other)).not.toBe(digest(partWorld({ seed: 1, count: 9 }).samples));
  });

  const { samples, categories } = partWorld({ seed: 11, count: 600 });

  it('balances categories and names every part of the category', () => {
    const counts = new Map<string, number>();
    for (const s of samples) counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
    expect([...counts.values()]).toEqual([200, 200, 200]);
    for (const s of samples) {
      const parts = categories.find((c) => c.name === s.category)!.parts;
      expect(Object.keys(s.landmarks)).toEqual(parts);
      expect(Object.keys(s.partMasks)).toEqual(parts);
    }
  });

  it('puts every landmark inside its part mask and its object box, within the image', () => {
    let shown = 0;
    for (const s of samples) {
      expect(s.image.data.length).toBe(64 * 64 * 3);
      for (const [name, landmark] of Object.entries(s.landmarks)) {
        if (landmark === null) continue;
        shown++;
        const [x, y] = landmark;
        expect(maskContains(s.partMasks[name], x, y), `${s.id} ${name}`).toBe(true);
        expect(x).toBeGreaterThanOrEqual(s.bbox.xmin - 0.5);
        expect(x).toBeLessThanOrEqual(s.bbox.xmax + 0.5);
        expect(y).toBeGreaterThanOrEqual(s.bbox.ymin - 0.5);
        expect(y).toBeLessThanOrEqual(s.bbox.ymax + 0.5);
      }
    }
    expect(shown).toBeGreaterThan(0.8 * samples.reduce((n, s) => n + Object.keys(s.landmarks).length, 0));
  });

  it('reports visibility consistently with the masks and landmarks', () => {
    let hidden = 0;
    for (const s of samples) {
      for (const [name, landmark] of Object.entries(s.landmarks)) {
        const visibility = s.partVisibility[name];
        const area = maskArea(s.partMasks[name]);
        expect(visibility).toBeGreaterThanOrEqual(0);
        expect(visibility).toBeLessThanOrEqual(1);
        expect(area === 0).toBe(visibility === 0);
        if (landmark !== null) expect(visibility).toBeGreaterThanOrEqual(0.3);
        else hidden++;
      }
    }
    // Occluders and image edges hide some parts, not most.
    expect(hidden).toBeGreaterThan(0);
  });

  it('varies pose: a part of one category appears at many places', () => {
    const alpha = samples.filter((s) => s.category === 'alpha');
    const xs = alpha.map((s) => s.landmarks.part2).filter((l) => l !== null).map((l) => l![0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(20);
  });

  it('names the bad option', () => {
    expect(() => partWorld({ seed: 1.5 })).toThrow(/seed/);
    expect(() => partWorld({ seed: 1, count: -1 })).toThrow(/count/);
    expect(() => partWorld({ seed: 1, size: 8 })).toThrow(/size/);
    expect(() => partWorld({ seed: 1, categories: [] })).toThrow(/categories/);
    expect(() => partWorld({ seed: 1, categories: ['a', 'a'] })).toThrow(/categories\[1\]/);
    expect(() => partWorld({ seed: 1, occlusionProbability: 2 })).toThrow(/occlusionProbability/);
    expect(() => partWorld({ seed: 1, scale: [0.4, 0.2] })).toThrow(/scale/);
  });
});
