// Feature-map cell → input-pixel geometry (SPEC §5): cell (i, j) (row i, column j) sits at
// x = centre + j·stride, y = centre + i·stride, where `centre` is the pixel centre of cell (0, 0) and pixel p's centre
// has coordinate p (so an 8-stride layer whose cell 0 covers pixels 0…7 has centre 3.5).
import { assertNumber } from './validate';
import type { Point } from './types';

/** Receptive-field geometry of one feature layer, as the backbones' `featureInfo` reports it. */
export interface CellGeometry {
  /** Pixels between neighbouring cells (the layer's reduction). */
  stride: number;
  /** Pixel coordinate of the centre of cell (0, 0), the same on both axes. */
  centre: number;
}

/** The pixel position of cell (row, column). */
export function cellCentre(geometry: CellGeometry, row: number, column: number): Point {
  return [geometry.centre + column * geometry.stride, geometry.centre + row * geometry.stride];
}

/**
 * The pixel positions of all cells of an n×n map in row-major order (index i·n + j): the candidate positions of
 * `instabilityReferences`, and what a peak cell maps to.
 */
export function cellCentres(options: CellGeometry & { n: number }): Point[] {
  const fn = 'cellCentres';
  assertNumber(fn, 'n', options?.n, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'stride', options.stride, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  assertNumber(fn, 'centre', options.centre, Number.isFinite, 'a finite number');
  const out: Point[] = [];
  for (let i = 0; i < options.n; i++) {
    for (let j = 0; j < options.n; j++) out.push(cellCentre(options, i, j));
  }
  return out;
}
