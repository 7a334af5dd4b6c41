// Training sets (SPEC §4): which samples, mirrored or not, with which label, in which split.
import type { Sample } from '../sample';

/** One training or validation example: a sample, possibly mirrored (the flipped copies), and its class. */
export interface SetItem {
  sample: Sample;
  /** Mirror the crop left–right. */
  flip: boolean;
  /** Index into the set's `categories`; −1 for a negative of a single-category set. */
  classIndex: number;
}

/** The items of one split, with the categories that label them. */
export interface SetSplit {
  categories: readonly string[];
  items: SetItem[];
}

export interface DataSet {
  /** 'single': one category vs negatives (logistic ±1); 'multi': several categories. */
  kind: 'single' | 'multi';
  categories: string[];
  train: SetSplit;
  val: SetSplit;
}

/** How objects are split: 'seeded' draws the validation objects from the seed; 'authors' keeps the released code's
 * evenly spaced training objects, round(linspace(1, n, round(0.9·n))), whatever the seed. */
export type SplitMethod = 'seeded' | 'authors';
