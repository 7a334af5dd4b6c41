import { describe, expect, it } from 'vitest';
import { cellCentres } from './cellCentres';
import { peakPositions } from './peakPositions';

describe('cellCentres / peakPositions', () => {
  it('maps cells row-major to centre + idx·stride, x along columns', () => {
    expect(cellCentres({ n: 2, stride: 8, centre: 3.5 })).toEqual([[3.5, 3.5], [11.5, 3.5], [3.5, 11.5], [11.5, 11.5]]);
  });

  it('takes the first maximum of each map and marks silent maps null', () => {
    const maps = [[Float32Array.of(0, 2, 2, 1), Float32Array.of(-1, -3, -2, -1)]];
    const got = peakPositions(maps, { stride: 8, centre: 3.5 }, { silentAtOrBelow: 0 });
    expect(got.positions).toEqual([[[11.5, 3.5], null]]);
    expect(got.scores).toEqual([[2, -1]]);
    expect(peakPositions(maps, { stride: 8, centre: 3.5 }).positions[0][1]).toEqual([3.5, 3.5]);
  });

  it('names bad maps', () => {
    expect(() => peakPositions([[new Float32Array(3)]], { stride: 1, centre: 0 })).toThrow(/'maps\[0\]\[0\]' has 3 values, not a square/);
    expect(() => peakPositions([[new Float32Array(4)], []], { stride: 1, centre: 0 })).toThrow(/'maps\[1\]' has 0 entries, expected 1/);
  });
});
