// Multi-category sets: the objects of several categories and their mirrors, labelled by category index, split 90/10
// by object within each category.
import type { Sample } from '../sample';
import type { DataSet, SetItem, SplitMethod } from './dataSet';
import { checkUniqueIds, splitObjects } from './splitObjects';

export interface MultiCategorySetOptions {
  samples: readonly Sample[];
  /** The categories, in label order. Default: those of `samples` in order of first appearance. Samples of other
   * categories are left out. */
  categories?: readonly string[];
  seed: number;
  /** Default 0.1. */
  valFraction?: number;
  /** Add the mirrored copy of each object. Default true. */
  flip?: boolean;
  /** Default 'seeded'. */
  split?: SplitMethod;
}

export function multiCategorySet(options: MultiCategorySetOptions): DataSet {
  const { samples, seed, valFraction = 0.1, flip = true, split = 'seeded' } = options;
  if (!Array.isArray(samples) || samples.length === 0) throw new Error('multiCategorySet: samples is empty');
  if (!Number.isInteger(seed)) throw new Error(`multiCategorySet: seed must be an integer, got ${seed}`);
  checkUniqueIds(samples, 'samples');
  const categories = [...(options.categories ?? new Set(samples.map((s) => s.category)))];
  if (new Set(categories).size !== categories.length) throw new Error(`multiCategorySet: categories repeat: ${JSON.stringify(categories)}`);
  const train: SetItem[] = [];
  const val: SetItem[] = [];
  categories.forEach((category, classIndex) => {
    const members = samples.filter((s) => s.category === category);
    if (members.length === 0) throw new Error(`multiCategorySet: category '${category}' is empty`);
    const { isTrain } = splitObjects(members, valFraction, seed, split, 100 + classIndex);
    members.forEach((sample, i) => {
      const side = isTrain[i] ? train : val;
      side.push({ sample, flip: false, classIndex });
      if (flip) side.push({ sample, flip: true, classIndex });
    });
  });
  return { kind: 'multi', categories, train: { categories, items: train }, val: { categories, items: val } };
}
