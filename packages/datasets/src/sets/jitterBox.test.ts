import { describe, expect, it } from 'vitest';
import { createRandom } from '@icnn/random';
import type { FileSample } from '../sample';
import type { SetSplit } from './dataSet';
import { jitterBox, jitterSplit, SHIFTED_EVALUATION } from './jitterBox';

const box = { xmin: 10, ymin: 20, xmax: 109, ymax: 69 }; // 100 × 50 pixels, centre (59.5, 44.5)
const sizeOf = (b: typeof box) => [b.xmax - b.xmin + 1, b.ymax - b.ymin + 1];
const centreOf = (b: typeof box) => [(b.xmin + b.xmax) / 2, (b.ymin + b.ymax) / 2];

describe('jitterBox', () => {
  it('scales about the centre by exactly the given factor when there is no shift', () => {
    const out = jitterBox(box, { scale: 1.5, shift: 0 }, createRandom(1));
    expect(sizeOf(out)).toEqual([150, 75]);
    expect(centreOf(out)).toEqual([59.5, 44.5]);
  });

  it('shifts the shifted protocol by at most ±25% of the original size per axis, and uses the whole range', () => {
    const random = createRandom(3);
    let maxDx = 0;
    let maxDy = 0;
    for (let i = 0; i < 2000; i++) {
      const out = jitterBox(box, SHIFTED_EVALUATION, random);
      expect(sizeOf(out)[0]).toBeCloseTo(150, 9);
      expect(sizeOf(out)[1]).toBeCloseTo(75, 9);
      const [cx, cy] = centreOf(out);
      maxDx = Math.max(maxDx, Math.abs(cx - 59.5) / 100);
      maxDy = Math.max(maxDy, Math.abs(cy - 44.5) / 50);
      // The 1.5× box shifted by ≤ 25% still holds the whole original box: no part leaves the crop.
      expect(out.xmin).toBeLessThanOrEqual(box.xmin + 1e-9);
      expect(out.xmax).toBeGreaterThanOrEqual(box.xmax - 1e-9);
      expect(out.ymin).toBeLessThanOrEqual(box.ymin + 1e-9);
      expect(out.ymax).toBeGreaterThanOrEqual(box.ymax - 1e-9);
    }
    expect(maxDx).toBeLessThanOrEqual(0.25);
    expect(maxDy).toBeLessThanOrEqual(0.25);
    expect(maxDx).toBeGreaterThan(0.24);
    expect(maxDy).toBeGreaterThan(0.24);
  });

  it('draws the scale from a range', () => {
    const random = createRandom(5);
    const scales = Array.from({ length: 500 }, () => sizeOf(jitterBox(box, { scale: [0.6, 1], shift: 0 }, random))[0] / 100);
    expect(Math.min(...scales)).toBeGreaterThanOrEqual(0.6);
    expect(Math.max(...scales)).toBeLessThanOrEqual(1);
    expect(Math.max(...scales) - Math.min(...scales)).toBeGreaterThan(0.35);
  });

  it('names a bad jitter', () => {
    expect(() => jitterBox(box, { scale: 0, shift: 0 }, createRandom(1))).toThrow(/'scale'/);
    expect(() => jitterBox(box, { scale: [1, 0.5], shift: 0 }, createRandom(1))).toThrow(/'scale'/);
    expect(() => jitterBox(box, { scale: 1, shift: -1 }, createRandom(1))).toThrow(/'shift'/);
  });
});

describe('jitterSplit', () => {
  const sample = (id: string): FileSample => ({ id, category: 'fox', imagePath: `/x/${id}.jpg`, bbox: box, landmarks: { head: [50, 40] } });
  const split: SetSplit = {
    categories: ['fox'],
    items: ['a', 'b', 'c'].flatMap((id) => [
      { sample: sample(id), flip: false, classIndex: 0 },
      { sample: sample(id), flip: true, classIndex: 0 },
    ]),
  };

  it('is seeded per sample id and flip: the same boxes whatever the order, new ones for a new seed', () => {
    const once = jitterSplit(split, SHIFTED_EVALUATION, 7);
    const reversed = jitterSplit({ categories: split.categories, items: [...split.items].reverse() }, SHIFTED_EVALUATION, 7);
    expect(reversed.items.map((i) => i.sample.bbox).reverse()).toEqual(once.items.map((i) => i.sample.bbox));
    const other = jitterSplit(split, SHIFTED_EVALUATION, 8);
    expect(other.items[0].sample.bbox).not.toEqual(once.items[0].sample.bbox);
    expect(once.items[0].sample.bbox).not.toEqual(once.items[1].sample.bbox);
    expect(jitterSplit(split, SHIFTED_EVALUATION, 7, 2).items[0].sample.bbox).not.toEqual(once.items[0].sample.bbox);
    expect(jitterSplit(split, SHIFTED_EVALUATION, 7, 2).items.map((i) => i.sample.bbox)).toEqual(jitterSplit(split, SHIFTED_EVALUATION, 7, 2).items.map((i) => i.sample.bbox));
  });

  it('keeps flips, classes and landmarks, and leaves the input split untouched', () => {
    const out = jitterSplit(split, SHIFTED_EVALUATION, 1);
    expect(out.items.map((i) => [i.flip, i.classIndex])).toEqual(split.items.map((i) => [i.flip, i.classIndex]));
    expect(out.items[0].sample.landmarks).toEqual({ head: [50, 40] });
    expect(split.items[0].sample.bbox).toEqual(box);
  });

  it('draws mirrors at random with randomFlip, about half of them, seeded', () => {
    const many: SetSplit = { categories: ['fox'], items: Array.from({ length: 400 }, (_, i) => ({ sample: sample(`s${i}`), flip: false, classIndex: 0 })) };
    const flips = (epoch: number) => jitterSplit(many, { ...SHIFTED_EVALUATION, randomFlip: true }, 1, epoch).items.map((i) => i.flip);
    const share = flips(0).filter(Boolean).length / 400;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(flips(0)).toEqual(flips(0));
    expect(flips(1)).not.toEqual(flips(0));
  });
});
