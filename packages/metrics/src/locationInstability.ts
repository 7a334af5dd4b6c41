// Location instability (paper §5.2.2, SPEC §6 and §8; lower is better): how much the distance between a filter's
// peak and an object landmark varies across the images on which the filter fires most.
import { prepareLocationInput, type LocationInput } from './locationInput';
import { instabilityUnder, measuredPosition } from './instabilityCore';
import { meanOfFinite } from './statistics';

export type { LocationInput, InstabilityCategories } from './locationInput';

export interface LocationInstability {
  /** Mean of `perFilter` over the filters that have a value; NaN when none has. */
  value: number;
  /** Each filter's instability; NaN for a filter left out (no landmark with ≥ 2 usable images). */
  perFilter: number[];
  /** D_{f,k} [F][K]; NaN where fewer than 2 images show landmark k with f active. */
  perFilterLandmark: number[][];
  /** How many images entered each D_{f,k} (≤ topK). */
  imagesUsed: number[][];
  /**
   * With `categories`: the category whose parts gave each filter's value ('paper': the argmin; 'authors': the
   * highest mean activation); −1 when none. Without `categories`: all −1.
   */
  filterCategory: number[];
}

/**
 * Location instability, exactly as SPEC §6 states it, with these choices made explicit:
 * - Positions are the pixel centres of each filter's peak cell (`p = centre + idx·stride`, see `cellCentres`), in the
 *   same pixel frame as the landmarks (the network input); the caller maps them.
 * - For filter f and landmark k the images are those that show landmark k (non-null) and on which f has a position
 *   (non-null: a silent filter is left out on that image); of these, the `topK` (default 100) with the highest
 *   `scores[f]` enter, ties broken by the lower image index.
 * - d = ‖p_k − p_f(I)‖ / diagonal, with the per-image diagonal when `diagonal` is an array.
 * - D_{f,k} = the standard deviation of d with divisor N − 1 (MATLAB's `std`); NaN (left out) when N < 2.
 * - A filter's value is the mean of its finite D_{f,k} (single category), or per `categories.form`: 'paper' (default)
 *   min over categories c of mean_{k ∈ parts(c)} D_{f,k}; 'authors' the mean over the parts of the category with the
 *   filter's highest mean activation. A filter with no finite D_{f,k} left is NaN in `perFilter` and excluded from
 *   `value`, which is the mean over the remaining filters.
 * - A landmark annotated as several instances is the data adapter's business: pass it as null (absent).
 */
export function locationInstability(input: LocationInput): LocationInstability {
  const prepared = prepareLocationInput('locationInstability', input);
  const figures = instabilityUnder(prepared, measuredPosition(prepared));
  return {
    value: meanOfFinite(figures.perFilter),
    perFilter: figures.perFilter,
    perFilterLandmark: figures.perFilterLandmark,
    imagesUsed: prepared.selection.map((row) => row.map((chosen) => chosen.length)),
    filterCategory: figures.filterCategory,
  };
}
