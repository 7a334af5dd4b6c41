// Single-category sets as the authors build them (getImdb.m): every positive object and its mirror, repeated in that
// order until positives make up `positiveShare` (0.75, i.e. 3:1) of the set against all the negatives, unmirrored;
// 90/10 train/validation split by object on each side.
import type { Sample } from '../sample';
import type { DataSet, SetItem, SplitMethod } from './dataSet';
import { checkUniqueIds, splitObjects } from './splitObjects';

export interface SingleCategorySetOptions {
  /** Objects of the one category (all of the same `category`). */
  positives: readonly Sample[];
  /** Negative images (e.g. loadNegatives). */
  negatives: readonly Sample[];
  /** Seed of the split (integer). */
  seed: number;
  /** Share of positive items: positives = round(share/(1 − share)·negatives), oversampled or cut. Default 0.75 (3:1).
   * null: each positive object (and its mirror) once. */
  positiveShare?: number | null;
  /** Share of objects held out for validation. Default 0.1. */
  valFraction?: number;
  /** Add the mirrored copy of each positive. Default true. */
  flip?: boolean;
  /** Default 'seeded'. */
  split?: SplitMethod;
}

export function singleCategorySet(options: SingleCategorySetOptions): DataSet {
  const { positives, negatives, seed, positiveShare = 0.75, valFraction = 0.1, flip = true, split = 'seeded' } = options;
  if (!Array.isArray(positives) || positives.length === 0) throw new Error('singleCategorySet: positives is empty');
  if (!Array.isArray(negatives) || negatives.length === 0) throw new Error('singleCategorySet: negatives is empty');
  if (!Number.isInteger(seed)) throw new Error(`singleCategorySet: seed must be an integer, got ${seed}`);
  if (positiveShare !== null && !(positiveShare > 0 && positiveShare < 1)) {
    throw new Error(`singleCategorySet: positiveShare must be in (0, 1) or null, got ${positiveShare}`);
  }
  const category = positives[0].category;
  positives.forEach((sample, i) => {
    if (sample.category !== category) {
      throw new Error(`singleCategorySet: positives[${i}] (${sample.id}) is '${sample.category}', positives[0] is '${category}'`);
    }
  });
  checkUniqueIds(positives, 'positives');
  checkUniqueIds(negatives, 'negatives');
  const positiveIds = new Set(positives.map((s) => s.id));
  negatives.forEach((sample, i) => {
    if (positiveIds.has(sample.id)) throw new Error(`singleCategorySet: negatives[${i}] (${sample.id}) is also a positive`);
  });

  const positiveSplit = splitObjects(positives, valFraction, seed, split, 1).isTrain;
  const negativeSplit = splitObjects(negatives, valFraction, seed, split, 2).isTrain;
  const copies: { item: SetItem; isTrain: boolean }[] = [];
  positives.forEach((sample, i) => {
    copies.push({ item: { sample, flip: false, classIndex: 0 }, isTrain: positiveSplit[i] });
    if (flip) copies.push({ item: { sample, flip: true, classIndex: 0 }, isTrain: positiveSplit[i] });
  });
  const target = positiveShare === null ? copies.length : Math.round((positiveShare / (1 - positiveShare)) * negatives.length);
  const train: SetItem[] = [];
  const val: SetItem[] = [];
  for (let k = 0; k < target; k++) {
    const { item, isTrain } = copies[k % copies.length];
    (isTrain ? train : val).push({ ...item });
  }
  negatives.forEach((sample, i) => (negativeSplit[i] ? train : val).push({ sample, flip: false, classIndex: -1 }));
  const categories = [category];
  return { kind: 'single', categories, train: { categories, items: train }, val: { categories, items: val } };
}
