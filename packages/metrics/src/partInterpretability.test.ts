import { seededRandom } from '@icnn/test-utils/numeric';
import { describe, expect, it } from 'vitest';
import { partInterpretability } from './partInterpretability';
import { quantileThreshold } from './quantileThreshold';

const W = 8;
/** An 8×8 mask with the pixels (x, y) for which `inside` holds. */
function mask(inside: (x: number, y: number) => boolean): Uint8Array {
  const out = new Uint8Array(W * W);
  for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) out[y * W + x] = inside(x, y) ? 1 : 0;
  return out;
}

describe('quantileThreshold', () => {
  it('leaves ⌊0.005·N⌋ values strictly above the threshold', () => {
    const values = Array.from({ length: 400 }, (_, i) => 400 - i); // 400 … 1, unsorted order
    expect(quantileThreshold(values, 0.995)).toBe(398); // 399 and 400 lie above
    expect(quantileThreshold(values.slice(0, 200), 0.995)).toBe(400 - 1); // 200 values: one above (400)
    expect(quantileThreshold(values.slice(0, 199), 0.995)).toBe(400); // fewer than 200: the maximum, none above
    expect(quantileThreshold([], 0.995)).toBeNaN();
    expect(quantileThreshold([3, 1, 2, 5, 4], 0.6)).toBe(3); // a = 2 → 4 and 5 above
  });
});

describe('partInterpretability', () => {
  // Layer: 2×2 cells of stride 4 on an 8×8 input, centres at 1.5 and 5.5. Radius 2 gives 12-pixel discs (the 4×4
  // block around the centre without its corners).
  const receptiveField = { stride: 4, centre: 1.5 };
  const topLeft = mask((x, y) => x < 4 && y < 4); // 16 px
  const bottomRight = mask((x, y) => x >= 4 && y >= 4); // 16 px
  const strip = mask((x) => x === 4 || x === 5); // 16 px
  const partMasks = [
    [topLeft, bottomRight, strip],
    [topLeft, null, strip],
  ];
  // Cell order: (0,0), (0,1), (1,0), (1,1) — i.e. top-left, top-right, bottom-left, bottom-right.
  const maps = [
    [Float32Array.of(9, 0, 0, 0), Float32Array.of(9, 0, 0, 9)],
    [Float32Array.of(0, 9, 0, 0), Float32Array.of(0, 0, 0, 0)],
  ];
  const base = { maps, receptiveField, partMasks, width: W, height: W, radius: 2, thresholds: [1, 1] };

  it('matches the hand-computed IoUs on synthetic masks', () => {
    const got = partInterpretability(base);
    // Filter 0, image 0: disc in the top-left block, IoU 12/16 = 0.75 (match); image 1: two discs (24 px),
    // IoU 12/28 ≈ 0.43 (match) → P = 1. Part 1 appears on image 0 only, IoU 0 → P = 0. With the strip, image 1's
    // bottom-right disc overlaps 6 px: 6/34 ≈ 0.18 ≤ 0.2 → P = 0.
    // Filter 1: disc at the top-right cell on image 0 overlaps the strip in 6 px: 6/22 ≈ 0.27 (match); silent on
    // image 1 → P = 1/2.
    expect(got.partImages).toEqual([2, 1, 2]);
    expect(got.perFilterPart).toEqual([
      [1, 0, 0],
      [0, 0, 0.5],
    ]);
    expect(got.perFilterPartIoU[0][0]).toBeCloseTo((12 / 16 + 12 / 28) / 2, 14);
    expect(got.perFilterPartIoU[0][2]).toBeCloseTo(6 / 34 / 2, 14);
    expect(got.perFilterPartIoU[1][2]).toBeCloseTo(6 / 22 / 2, 14);
    expect(got.perFilter).toEqual([1, 0.5]);
    expect(got.bestPart).toEqual([0, 2]);
    expect(got.value).toBeCloseTo(0.75, 14);
    expect(got.thresholds).toEqual([1, 1]);
  });

  it('applies the IoU threshold strictly and takes absent or empty masks as absent', () => {
    expect(partInterpretability({ ...base, iouThreshold: 0.3 }).perFilterPart[1][2]).toBe(0);
    expect(partInterpretability({ ...base, iouThreshold: 6 / 22 }).perFilterPart[1][2]).toBe(0);
    const empty = new Uint8Array(W * W);
    const got = partInterpretability({ ...base, partMasks: [[topLeft, empty, null], [topLeft, null, null]] });
    expect(got.partImages).toEqual([2, 0, 0]);
    expect(got.perFilterPart[0][1]).toBeNaN();
    expect(got.perFilterPart[0][2]).toBeNaN();
    expect(got.perFilter).toEqual([1, 0]);
  });

  it('thresholds each filter at its own 0.995 quantile over all cells of all its maps', () => {
    // 100 images × 4 cells = 400 values per filter: the 2 largest are active. Filter 0's two 9s sit on images 0 and 1
    // at cell (0, 0), on the top-left part; filter 1 is noise below 1 whose top two cells land wherever they land.
    const random = seededRandom(51);
    const images = 100;
    const noiseMaps = (peaks: boolean) =>
      Array.from({ length: images }, (_, i) => {
        const m = Float32Array.from({ length: 4 }, () => random());
        if (peaks && i < 2) m[0] = 9;
        return m;
      });
    const many = Array.from({ length: images }, () => [topLeft]);
    const got = partInterpretability({ maps: [noiseMaps(true), noiseMaps(false)], receptiveField, partMasks: many, width: W, height: W, radius: 2 });
    expect(got.thresholds[0]).toBeLessThan(9);
    expect(got.thresholds[0]).toBeGreaterThan(0.9);
    expect(got.perFilterPart[0][0]).toBeCloseTo(2 / images, 14); // two matches (IoU 0.75) out of 100 images
    expect(got.perFilterPart[1][0]).toBeLessThanOrEqual(2 / images);
  });

  it('gives each disc about one cell of area by default (radius stride/√π)', () => {
    // IoU with a full-image part = |S| / |image|.
    const size = 64;
    const full = new Uint8Array(size * size).fill(1);
    const got = partInterpretability({
      maps: [[Float32Array.of(0, 0, 0, 1)]],
      receptiveField: { stride: 32, centre: 15.5 },
      partMasks: [[full]],
      width: size,
      height: size,
      thresholds: [0.5],
    });
    const area = got.perFilterPartIoU[0][0] * size * size;
    expect(area).toBeGreaterThan(0.93 * 32 * 32);
    expect(area).toBeLessThan(1.07 * 32 * 32);
  });

  it('names the argument and index of bad input', () => {
    const bad = (patch: object) => () => partInterpretability({ ...base, ...patch } as never);
    expect(bad({ partMasks: [[topLeft, bottomRight, strip], [topLeft, null, new Uint8Array(10)]] })).toThrow(/'partMasks\[1\]\[2\]' has 10 pixels, expected width·height = 8·8 = 64/);
    expect(bad({ partMasks: [[topLeft, bottomRight, strip], [topLeft, null, [1, 2]]] })).toThrow(/'partMasks\[1\]\[2\]' must be a Uint8Array or null/);
    expect(bad({ partMasks: [[topLeft, bottomRight, strip], [topLeft, null]] })).toThrow(/'partMasks\[1\]' has 2 entries, expected 3/);
    expect(bad({ maps: [maps[0], [maps[1][0]]] })).toThrow(/'maps\[1\]' has 1 entries, expected 2/);
    expect(bad({ maps: [maps[0], [maps[1][0], new Float32Array(9)]] })).toThrow(/'maps\[1\]\[1\]' has 9 values, expected 2×2 = 4/);
    expect(bad({ maps: [[new Float32Array(3), maps[0][1]]], thresholds: [1] })).toThrow(/'maps\[0\]\[0\]' has 3 values, not a square/);
    expect(bad({ thresholds: [1] })).toThrow(/'thresholds' has 1 entries, expected 2/);
    expect(bad({ thresholds: undefined, maps: [[Float32Array.of(0, NaN, 0, 0), maps[0][1]]] })).toThrow(/'maps\[0\]\[0\]\[1\]' must be a finite number, got NaN/);
    expect(bad({ receptiveField: { stride: 0, centre: 1 } })).toThrow(/'receptiveField.stride' must be a positive number/);
    expect(bad({ quantile: 1 })).toThrow(/'quantile' must be in \(0, 1\)/);
    expect(bad({ radius: -1 })).toThrow(/'radius' must be a positive number/);
  });
});
