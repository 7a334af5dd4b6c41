// The input shared by the location metrics (instability, its references, part tracking), its validation, and the
// image selection they all measure over: for filter f and landmark k, the top-K images by f's score among the images
// that show landmark k and on which f has a position.
import { argmaxFinite } from './statistics';
import type { Point } from './types';
import { assertArray, assertNumber, assertObject, assertOneOf, assertPointOrNull, describe } from './validate';

/** Multi-category evaluation: which landmarks belong to which category, and how a filter's category is chosen. */
export interface InstabilityCategories {
  /** parts[c] = the landmark indices (columns of `landmarks`) of category c. */
  parts: readonly (readonly number[])[];
  /**
   * 'paper' (default): a filter's value is min over categories c of the mean of D_{f,k} over k ∈ parts(c) (the
   * paper's mean_f min_c mean_k). 'authors': the filter's category is the one with the highest mean activation, and
   * its value is the mean of D_{f,k} over that category's parts.
   */
  form?: 'paper' | 'authors';
  /** 'authors' form: the category of each image (null: none), to average each filter's scores per category. */
  imageCategory?: readonly (number | null)[];
  /** 'authors' form: mean activation [F][C] to use instead of averaging `scores` over `imageCategory`. */
  activation?: readonly (readonly number[])[];
}

export interface LocationInput {
  /** [F][I]: the pixel position [x, y] of filter f's peak on image I, or null when f is silent on I (left out). */
  positions: readonly (readonly (Point | null)[])[];
  /** [F][I]: filter f's score on image I (its max activation); ranks the images for the top-K. Finite numbers. */
  scores: readonly (ArrayLike<number>)[];
  /** [I][K]: landmark k's position on image I in the same pixel frame, or null when absent (or ambiguous). */
  landmarks: readonly (readonly (Point | null)[])[];
  /** The input diagonal √(w² + h²) in pixels: one number for all images or one per image. */
  diagonal: number | ArrayLike<number>;
  /** How many of the highest-scoring images enter each D_{f,k}; default 100. `Infinity` takes them all. */
  topK?: number;
  /** Multi-category forms; absent: one category holding every landmark. */
  categories?: InstabilityCategories;
}

/** Validated input with the per-(filter, landmark) image selection. */
export interface PreparedLocationInput {
  filters: number;
  images: number;
  landmarkCount: number;
  positions: LocationInput['positions'];
  landmarks: LocationInput['landmarks'];
  diagonalOf: (image: number) => number;
  /** selection[f][k]: image indices, highest score first (ties: lower image index first). */
  selection: Int32Array[][];
  categories: PreparedCategories | null;
}

export interface PreparedCategories {
  parts: number[][];
  form: 'paper' | 'authors';
  /** 'authors' form: each filter's category (argmax of mean activation; −1 when no category has an image). */
  filterCategory: Int32Array | null;
}

/** Validates `input` (errors name `fn`, the argument and the index) and selects the images. */
export function prepareLocationInput(fn: string, input: LocationInput): PreparedLocationInput {
  assertObject(fn, 'input', input, '{ positions, scores, landmarks, diagonal, topK?, categories? }');
  const { positions, scores, landmarks, diagonal } = input;
  assertArray(fn, 'positions', positions);
  assertArray(fn, 'scores', scores, positions.length, 'one row per filter, as positions');
  assertArray(fn, 'landmarks', landmarks);
  const filters = positions.length;
  const images = landmarks.length;
  const landmarkCount = images > 0 && Array.isArray(landmarks[0]) ? landmarks[0].length : 0;
  for (let i = 0; i < images; i++) {
    assertArray(fn, `landmarks[${i}]`, landmarks[i], landmarkCount, `K, the length of landmarks[0]`);
    for (let k = 0; k < landmarkCount; k++) assertPointOrNull(fn, `landmarks[${i}][${k}]`, landmarks[i][k]);
  }
  for (let f = 0; f < filters; f++) {
    assertArray(fn, `positions[${f}]`, positions[f], images, 'one entry per image, as landmarks');
    assertArray(fn, `scores[${f}]`, scores[f], images, 'one entry per image, as landmarks');
    for (let i = 0; i < images; i++) {
      assertPointOrNull(fn, `positions[${f}][${i}]`, positions[f][i]);
      const s = scores[f][i];
      if (typeof s !== 'number' || !Number.isFinite(s)) throw new RangeError(`${fn}: 'scores[${f}][${i}]' must be a finite number, got ${describe(s)}`);
    }
  }
  const diagonalOf = prepareDiagonal(fn, diagonal, images);
  const topK = input.topK ?? 100;
  assertNumber(fn, 'topK', topK, (v) => v === Infinity || (Number.isInteger(v) && v >= 1), 'a positive integer or Infinity');

  const selection: Int32Array[][] = [];
  const eligible = new Int32Array(images);
  for (let f = 0; f < filters; f++) {
    const row: Int32Array[] = [];
    const score = scores[f];
    for (let k = 0; k < landmarkCount; k++) {
      let count = 0;
      for (let i = 0; i < images; i++) if (positions[f][i] !== null && landmarks[i][k] !== null) eligible[count++] = i;
      const chosen = Array.from(eligible.subarray(0, count)).sort((a, b) => score[b] - score[a] || a - b);
      row.push(Int32Array.from(chosen.slice(0, Math.min(count, topK))));
    }
    selection.push(row);
  }
  const categories = input.categories === undefined ? null : prepareCategories(fn, input.categories, input, landmarkCount);
  return { filters, images, landmarkCount, positions, landmarks, diagonalOf, selection, categories };
}

function prepareDiagonal(fn: string, diagonal: unknown, images: number): (image: number) => number {
  if (typeof diagonal === 'number') {
    assertNumber(fn, 'diagonal', diagonal, (v) => Number.isFinite(v) && v > 0, 'a positive number or one per image');
    return () => diagonal;
  }
  assertArray(fn, 'diagonal', diagonal, images, 'one per image, as landmarks');
  const values = Float64Array.from(diagonal as ArrayLike<number>);
  for (let i = 0; i < images; i++) {
    assertNumber(fn, `diagonal[${i}]`, (diagonal as ArrayLike<unknown>)[i], (v) => Number.isFinite(v) && v > 0, 'a positive number');
  }
  return (image) => values[image];
}

function prepareCategories(fn: string, spec: InstabilityCategories, input: LocationInput, landmarkCount: number): PreparedCategories {
  assertObject(fn, 'categories', spec, '{ parts, form?, imageCategory?, activation? }');
  const form = spec.form ?? 'paper';
  assertOneOf(fn, 'categories.form', form, ['paper', 'authors'] as const);
  assertArray(fn, 'categories.parts', spec.parts);
  if (spec.parts.length === 0) throw new RangeError(`${fn}: 'categories.parts' must list at least one category`);
  const parts = spec.parts.map((list, c) => {
    assertArray(fn, `categories.parts[${c}]`, list);
    return Array.from(list, (k, j) => {
      assertNumber(fn, `categories.parts[${c}][${j}]`, k, (v) => Number.isInteger(v) && v >= 0 && v < landmarkCount, `a landmark index in [0, ${landmarkCount})`);
      return k;
    });
  });
  if (form === 'paper') return { parts, form, filterCategory: null };

  const categoryCount = parts.length;
  const filters = input.positions.length;
  const images = input.landmarks.length;
  const filterCategory = new Int32Array(filters).fill(-1);
  if (spec.activation !== undefined) {
    assertArray(fn, 'categories.activation', spec.activation, filters, 'one row per filter');
    for (let f = 0; f < filters; f++) {
      const row = spec.activation[f];
      assertArray(fn, `categories.activation[${f}]`, row, categoryCount, 'one entry per category of categories.parts');
      for (let c = 0; c < categoryCount; c++) assertNumber(fn, `categories.activation[${f}][${c}]`, row[c], Number.isFinite, 'a finite number');
      filterCategory[f] = argmaxFinite(row);
    }
    return { parts, form, filterCategory };
  }
  if (spec.imageCategory === undefined) {
    throw new TypeError(`${fn}: the 'authors' form needs 'categories.imageCategory' (one per image) or 'categories.activation' ([F][C])`);
  }
  assertArray(fn, 'categories.imageCategory', spec.imageCategory, images, 'one per image, as landmarks');
  for (let i = 0; i < images; i++) {
    const c = spec.imageCategory[i];
    if (c !== null) assertNumber(fn, `categories.imageCategory[${i}]`, c, (v) => Number.isInteger(v) && v >= 0 && v < categoryCount, `null or a category index in [0, ${categoryCount})`);
  }
  for (let f = 0; f < filters; f++) {
    const sums = new Float64Array(categoryCount);
    const counts = new Float64Array(categoryCount);
    for (let i = 0; i < images; i++) {
      const c = spec.imageCategory[i];
      if (c === null) continue;
      sums[c] += input.scores[f][i];
      counts[c]++;
    }
    const means = Array.from(sums, (s, c) => (counts[c] > 0 ? s / counts[c] : NaN));
    filterCategory[f] = argmaxFinite(means);
  }
  return { parts, form, filterCategory };
}

