// The arithmetic of location instability (SPEC §6) for any rule that says where filter f "fires" on image I: the
// measured peaks, or the hypothetical positions of the references. Keeping one code path guarantees that the
// references differ from the figure they stand beside only in the positions.
import type { PreparedLocationInput } from './locationInput';
import { argminFinite, meanOfFinite, sampleStd } from './statistics';
import type { Point } from './types';

/** Where filter f fires on image I (called only for selected images, whose measured position is non-null). */
export type PositionRule = (filter: number, image: number) => Point;

/**
 * D_{f,k}: the sample standard deviation (N − 1) of d = ‖p_k − p_f(I)‖ / diagonal(I) over the selected images;
 * NaN when fewer than 2 images show landmark k with f active.
 */
export function landmarkInstability(input: PreparedLocationInput, filter: number, landmark: number, position: PositionRule): number {
  const chosen = input.selection[filter][landmark];
  if (chosen.length < 2) return NaN;
  const distances = new Float64Array(chosen.length);
  for (let n = 0; n < chosen.length; n++) {
    const image = chosen[n];
    const p = position(filter, image);
    const q = input.landmarks[image][landmark] as Point;
    distances[n] = Math.hypot(q[0] - p[0], q[1] - p[1]) / input.diagonalOf(image);
  }
  return sampleStd(distances);
}

/** A filter's value from its row D_{f,·}, and the category that value belongs to (−1: none, or single category). */
export interface FilterReduction {
  value: number;
  category: number;
}

/**
 * Single category: the mean of the finite D_{f,k} (a landmark seen in fewer than 2 images is left out).
 * 'paper': min over categories of the mean of the finite D_{f,k} over that category's parts (categories without a
 * finite D left out). 'authors': the mean over the parts of the filter's activation-chosen category. NaN when nothing
 * is left; such a filter is left out of every average.
 */
export function reduceFilter(input: PreparedLocationInput, filter: number, row: ArrayLike<number>): FilterReduction {
  const categories = input.categories;
  if (categories === null) return { value: meanOfFinite(row), category: -1 };
  const perCategory = categories.parts.map((parts) => meanOfFinite(parts.map((k) => row[k])));
  if (categories.form === 'authors') {
    const category = categories.filterCategory![filter];
    return { value: category < 0 ? NaN : perCategory[category], category };
  }
  const best = argminFinite(perCategory);
  return { value: best < 0 ? NaN : perCategory[best], category: best };
}

export interface InstabilityFigures {
  perFilterLandmark: number[][];
  perFilter: number[];
  filterCategory: number[];
}

/** D_{f,k} for every filter and landmark under `position`, and each filter's reduced value. */
export function instabilityUnder(input: PreparedLocationInput, position: PositionRule): InstabilityFigures {
  const perFilterLandmark: number[][] = [];
  const perFilter: number[] = [];
  const filterCategory: number[] = [];
  for (let f = 0; f < input.filters; f++) {
    const row: number[] = [];
    for (let k = 0; k < input.landmarkCount; k++) row.push(landmarkInstability(input, f, k, position));
    const reduced = reduceFilter(input, f, row);
    perFilterLandmark.push(row);
    perFilter.push(reduced.value);
    filterCategory.push(reduced.category);
  }
  return { perFilterLandmark, perFilter, filterCategory };
}

/** The measured peaks. */
export function measuredPosition(input: PreparedLocationInput): PositionRule {
  return (filter, image) => input.positions[filter][image] as Point;
}
