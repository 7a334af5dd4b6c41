// A part-tracking measure that fixed placement cannot fake: how much of the landmark's movement across images the
// filter's peak follows. A filter that always fires at one place explains none of it (R² = 0), however low its
// instability; a filter whose peak moves with the part explains all of it (R² → 1).
import { instabilityUnder, measuredPosition } from './instabilityCore';
import { prepareLocationInput, type LocationInput, type PreparedLocationInput } from './locationInput';
import { rSquared1d, rSquared2d } from './rSquared';
import { meanOfFinite } from './statistics';
import type { Point } from './types';
import { assertNumber } from './validate';

export interface TrackingFigures {
  /** Landmark x explained by peak x. */
  x: number;
  /** Landmark y explained by peak y. */
  y: number;
  /** Landmark (x, y) explained by an affine map of peak (x, y): share of the total position variance. */
  combined: number;
}

export interface PartTracking {
  /** Means over the filters with a value. */
  value: TrackingFigures;
  perFilter: { x: number[]; y: number[]; combined: number[] };
  /** [F][K] per landmark; NaN where fewer than `minImages` images or the landmark does not move. */
  perFilterLandmark: { x: number[][]; y: number[][]; combined: number[][] };
}

export interface PartTrackingOptions {
  /** Fewest images for an R² (default 3: any line fits 2 points exactly). */
  minImages?: number;
}

/**
 * R² of peak vs landmark, over exactly the images location instability uses for each (filter, landmark) pair (the
 * top-K by the filter's score among images showing the landmark with the filter active):
 * - `x`: R² of the least-squares line landmark_x ≈ a·peak_x + b, i.e. corr(peak_x, landmark_x)²; `y` likewise.
 * - `combined`: R² of the affine fit landmark ≈ A·peak + b (2×2 A), 1 − RSS / TSS with both sums over both coordinates.
 * - Per filter: mean over its landmarks with a value (multi-category: over the parts of the category its
 *   instability was taken from); overall: mean over filters with a value.
 * Properties: 0 for a peak that never moves; invariant to translating peaks and landmarks together (and to scaling
 * either by a constant); 1 when the peak is the landmark plus a constant offset. Small samples inflate it: for
 * unrelated peaks and landmarks its expectation is about p/(N − 1) (p = 1 for x or y, 2 for combined), ≈ 0.01 at the
 * default top-100. Unlike instability it does not divide by the diagonal (a ratio of variances has no unit).
 */
export function partTracking(input: LocationInput & PartTrackingOptions): PartTracking {
  const fn = 'partTracking';
  const prepared = prepareLocationInput(fn, input);
  const minImages = input.minImages ?? 3;
  assertNumber(fn, 'minImages', minImages, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
  const categoryOf = instabilityUnder(prepared, measuredPosition(prepared)).filterCategory;

  const perFilterLandmark = { x: [] as number[][], y: [] as number[][], combined: [] as number[][] };
  const perFilter = { x: [] as number[], y: [] as number[], combined: [] as number[] };
  for (let f = 0; f < prepared.filters; f++) {
    const rows = { x: [] as number[], y: [] as number[], combined: [] as number[] };
    for (let k = 0; k < prepared.landmarkCount; k++) {
      const r = landmarkTracking(prepared, f, k, minImages);
      rows.x.push(r.x);
      rows.y.push(r.y);
      rows.combined.push(r.combined);
    }
    const included = landmarksOf(prepared, categoryOf[f]);
    for (const key of ['x', 'y', 'combined'] as const) {
      perFilterLandmark[key].push(rows[key]);
      perFilter[key].push(included === null ? NaN : meanOfFinite(included.map((k) => rows[key][k])));
    }
  }
  return {
    value: { x: meanOfFinite(perFilter.x), y: meanOfFinite(perFilter.y), combined: meanOfFinite(perFilter.combined) },
    perFilter,
    perFilterLandmark,
  };
}

/** The landmarks a filter is averaged over: all (single category), its category's parts, or none (null). */
function landmarksOf(input: PreparedLocationInput, category: number): number[] | null {
  if (input.categories === null) return Array.from({ length: input.landmarkCount }, (_, k) => k);
  return category < 0 ? null : input.categories.parts[category];
}

function landmarkTracking(input: PreparedLocationInput, filter: number, landmark: number, minImages: number): TrackingFigures {
  const chosen = input.selection[filter][landmark];
  if (chosen.length < minImages) return { x: NaN, y: NaN, combined: NaN };
  const px = new Float64Array(chosen.length);
  const py = new Float64Array(chosen.length);
  const lx = new Float64Array(chosen.length);
  const ly = new Float64Array(chosen.length);
  chosen.forEach((image, n) => {
    const p = input.positions[filter][image] as Point;
    const q = input.landmarks[image][landmark] as Point;
    px[n] = p[0];
    py[n] = p[1];
    lx[n] = q[0];
    ly[n] = q[1];
  });
  return { x: rSquared1d(px, lx), y: rSquared1d(py, ly), combined: rSquared2d(px, py, lx, ly) };
}
