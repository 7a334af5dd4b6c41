import { describe, expect, it } from 'vitest';
import type { FileSample } from '../sample';
import { multiCategorySet } from './multiCategorySet';
import { singleCategorySet } from './singleCategorySet';

const sample = (id: string, category: string): FileSample => ({
  id,
  category,
  imagePath: `/x/${id}.jpg`,
  bbox: { xmin: 0, ymin: 0, xmax: 9, ymax: 9 },
  landmarks: {},
});
const many = (n: number, category: string) => Array.from({ length: n }, (_, i) => sample(`${category}/${i}`, category));

describe('singleCategorySet', () => {
  const positives = many(50, 'fox');
  const negatives = many(100, 'negative');

  it('oversamples positives and their mirrors to 3:1 against all negatives, split 90/10 by object', () => {
    const set = singleCategorySet({ positives, negatives, seed: 7 });
    const all = [...set.train.items, ...set.val.items];
    const pos = all.filter((i) => i.classIndex === 0);
    const neg = all.filter((i) => i.classIndex === -1);
    expect(pos.length).toBe(300); // 0.75/0.25 · 100
    expect(neg.length).toBe(100);
    expect(pos.filter((i) => i.flip).length).toBe(150);
    expect(neg.some((i) => i.flip)).toBe(false);
    // No object on both sides (its mirror and repeats go with it); 45 and 90 training objects.
    const trainIds = new Set(set.train.items.map((i) => i.sample.id));
    expect(set.val.items.some((i) => trainIds.has(i.sample.id))).toBe(false);
    expect(new Set(set.train.items.filter((i) => i.classIndex === 0).map((i) => i.sample.id)).size).toBe(45);
    expect(set.train.items.filter((i) => i.classIndex === -1).length).toBe(90);
    expect(set.categories).toEqual(['fox']);
  });

  it('is deterministic from the seed, and the seed changes the split', () => {
    const ids = (seed: number) => singleCategorySet({ positives, negatives, seed }).val.items.map((i) => `${i.sample.id}${i.flip}`);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });

  it("keeps the released code's evenly spaced split with split: 'authors'", () => {
    const set = singleCategorySet({ positives: many(10, 'fox'), negatives: many(10, 'negative'), seed: 0, split: 'authors', positiveShare: null });
    // round(linspace(1, 10, 9)) = 1 2 3 4 6 7 8 9 10: object 5 (index 4) is the validation one.
    expect(set.val.items.filter((i) => i.classIndex === 0).map((i) => i.sample.id)).toEqual(['fox/4', 'fox/4']);
  });

  it('names bad input', () => {
    expect(() => singleCategorySet({ positives: [], negatives, seed: 1 })).toThrow('singleCategorySet: positives is empty');
    expect(() => singleCategorySet({ positives: [positives[0], sample('b/1', 'bear')], negatives, seed: 1 })).toThrow(
      "singleCategorySet: positives[1] (b/1) is 'bear', positives[0] is 'fox'",
    );
    expect(() => singleCategorySet({ positives: [positives[0], positives[0]], negatives, seed: 1 })).toThrow("positives[1]: id 'fox/0' repeats positives[0]");
    expect(() => singleCategorySet({ positives, negatives, seed: 1, positiveShare: 1 })).toThrow(/positiveShare must be in \(0, 1\)/);
  });
});

describe('multiCategorySet', () => {
  it('labels by category, mirrors every object, splits within each category', () => {
    const set = multiCategorySet({ samples: [...many(20, 'fox'), ...many(30, 'bear'), ...many(5, 'cat')], categories: ['bear', 'fox'], seed: 3 });
    expect(set.categories).toEqual(['bear', 'fox']);
    const count = (items: typeof set.train.items, c: number) => items.filter((i) => i.classIndex === c).length;
    expect([count(set.train.items, 0), count(set.val.items, 0)]).toEqual([54, 6]);
    expect([count(set.train.items, 1), count(set.val.items, 1)]).toEqual([36, 4]);
    expect(set.train.items.some((i) => i.sample.category === 'cat')).toBe(false);
    expect(() => multiCategorySet({ samples: many(3, 'fox'), categories: ['fox', 'owl'], seed: 1 })).toThrow("multiCategorySet: category 'owl' is empty");
  });
});
