// From feature maps to the inputs of the location metrics: each map's peak cell, mapped to input pixels.
import { cellCentre, type CellGeometry } from './cellCentres';
import type { Point } from './types';
import { assertArray, assertNumber, assertObject, describe } from './validate';

export interface PeakPositions {
  /** [F][I] pixel centre of the peak cell, or null where the map's maximum is ≤ `silentAtOrBelow`. */
  positions: (Point | null)[][];
  /** [F][I] the map's maximum (the score that ranks images for the top-K). */
  scores: number[][];
}

/**
 * Peak of each map (the first maximum in row-major order, as the mask layer's argmax) at its receptive-field centre.
 * `maps` [F][I] hold n×n row-major maps. `silentAtOrBelow` (default −Infinity: never silent) marks a filter silent
 * on an image, giving a null position that the metrics leave out; instability is measured on the raw pre-ReLU
 * output (SPEC §6), where no value means silence, hence the default.
 */
export function peakPositions(maps: readonly (readonly ArrayLike<number>[])[], geometry: CellGeometry, options: { silentAtOrBelow?: number } = {}): PeakPositions {
  const fn = 'peakPositions';
  assertArray(fn, 'maps', maps);
  assertObject(fn, 'geometry', geometry, '{ stride, centre }');
  assertNumber(fn, 'geometry.stride', geometry.stride, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  assertNumber(fn, 'geometry.centre', geometry.centre, Number.isFinite, 'a finite number');
  const silent = options.silentAtOrBelow ?? -Infinity;
  assertNumber(fn, 'silentAtOrBelow', silent, () => true, 'a number');
  const images = maps[0]?.length ?? 0;
  const positions: (Point | null)[][] = [];
  const scores: number[][] = [];
  maps.forEach((row, f) => {
    assertArray(fn, `maps[${f}]`, row, images, 'one map per image, as maps[0]');
    const rowPositions: (Point | null)[] = [];
    const rowScores: number[] = [];
    row.forEach((map, i) => {
      assertArray(fn, `maps[${f}][${i}]`, map);
      const side = Math.round(Math.sqrt(map.length));
      if (side === 0 || side * side !== map.length) throw new RangeError(`${fn}: 'maps[${f}][${i}]' has ${map.length} values, not a square n×n map`);
      let best = 0;
      for (let c = 0; c < map.length; c++) {
        if (typeof map[c] !== 'number' || Number.isNaN(map[c])) throw new RangeError(`${fn}: 'maps[${f}][${i}][${c}]' must be a number, got ${describe(map[c])}`);
        if (map[c] > map[best]) best = c;
      }
      rowScores.push(map[best]);
      rowPositions.push(map[best] <= silent ? null : cellCentre(geometry, Math.floor(best / side), best % side));
    });
    positions.push(rowPositions);
    scores.push(rowScores);
  });
  return { positions, scores };
}
