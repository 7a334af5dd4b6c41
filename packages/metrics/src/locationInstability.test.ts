import { relativeError, seededRandom } from '@icnn/test-utils/numeric';
import { describe, expect, it } from 'vitest';
import { locationInstability } from './locationInstability';
import { finiteMean, referenceD, referenceInstability } from './testing/reference';
import { trackingScene, type P } from './testing/scenes';

/** Random input: F filters, I images, K landmarks, with nulls in both positions and landmarks. */
function randomInput(seed: number, F: number, I: number, K: number, nullShare = 0.2) {
  const random = seededRandom(seed);
  const point = (): P => [300 * random(), 200 * random()];
  const positions = Array.from({ length: F }, () => Array.from({ length: I }, () => (random() < nullShare ? null : point())));
  const scores = Array.from({ length: F }, () => Array.from({ length: I }, () => random() * 10 - 2));
  const landmarks = Array.from({ length: I }, () => Array.from({ length: K }, () => (random() < nullShare ? null : point())));
  const diagonal = Array.from({ length: I }, () => 200 + 200 * random());
  return { positions, scores, landmarks, diagonal };
}

function expectSameNumbers(actual: number[], expected: number[], tolerance = 1e-12): void {
  expect(actual.map(Number.isNaN)).toEqual(expected.map(Number.isNaN));
  const a = actual.filter((v) => !Number.isNaN(v));
  const e = expected.filter((v) => !Number.isNaN(v));
  expect(relativeError(a, e)).toBeLessThan(tolerance);
}

describe('locationInstability', () => {
  it('equals an independent float64 computation of the paper formula on random inputs', () => {
    for (const [seed, topK] of [[1, 100], [2, 7], [3, 1000]] as const) {
      const input = randomInput(seed, 6, 150, 3);
      const got = locationInstability({ ...input, topK });
      const want = referenceInstability(input.positions, input.scores, input.landmarks, input.diagonal, topK);
      expectSameNumbers(got.value === got.value ? [got.value] : [NaN], [want.value]);
      expectSameNumbers(got.perFilter, want.perFilter);
      expectSameNumbers(got.perFilterLandmark.flat(), want.perFilterLandmark.flat());
    }
  });

  it('uses topK = 100 by default, a single diagonal, and counts the images it used', () => {
    const input = randomInput(4, 3, 400, 2, 0.1);
    const got = locationInstability({ ...input, diagonal: 224 * Math.SQRT2 });
    const want = referenceInstability(input.positions, input.scores, input.landmarks, 224 * Math.SQRT2, 100);
    expectSameNumbers(got.perFilterLandmark.flat(), want.perFilterLandmark.flat());
    expect(got.imagesUsed.flat().every((n) => n === 100)).toBe(true);
    expect(got.filterCategory).toEqual([-1, -1, -1]);
  });

  it('takes only the top-K images by score when more are available', () => {
    // Three images with landmark at distance 0, 10, 20 from the peak; the lowest-scored one is the outlier.
    const positions: P[][] = [[[0, 0], [0, 0], [0, 0]]];
    const landmarks: P[][] = [[[0, 0]], [[10, 0]], [[100, 0]]];
    const all = locationInstability({ positions, scores: [[3, 2, 1]], landmarks, diagonal: 1, topK: 3 });
    const top2 = locationInstability({ positions, scores: [[3, 2, 1]], landmarks, diagonal: 1, topK: 2 });
    expect(top2.perFilterLandmark[0][0]).toBeCloseTo(Math.sqrt(50), 12); // std(0, 10) with N − 1
    expect(all.perFilterLandmark[0][0]).toBeCloseTo(Math.sqrt(((0 - 110 / 3) ** 2 + (10 - 110 / 3) ** 2 + (100 - 110 / 3) ** 2) / 2), 10);
    expect(top2.imagesUsed).toEqual([[2]]);
    // Reordering the scores changes which two enter.
    const other = locationInstability({ positions, scores: [[1, 2, 3]], landmarks, diagonal: 1, topK: 2 });
    expect(other.perFilterLandmark[0][0]).toBeCloseTo(Math.sqrt(((10 - 55) ** 2 + (100 - 55) ** 2) / 1), 12);
  });

  it('orders tracking < fixed placement < random firing', () => {
    for (const seed of [11, 12, 13]) {
      const { perFilter } = locationInstability(trackingScene(200, seed));
      const [tracking, fixed, random] = perFilter;
      expect(tracking).toBeLessThan(fixed);
      expect(fixed).toBeLessThan(random);
      expect(tracking).toBeLessThan(0.02); // only the quantisation to 16-pixel cells remains
    }
  });

  it('is invariant to a common translation of peaks and landmarks', () => {
    const input = randomInput(5, 4, 120, 3);
    const shift = (p: P | null): P | null => (p === null ? null : [p[0] + 1234.5, p[1] - 987.25]);
    const moved = locationInstability({
      ...input,
      positions: input.positions.map((row) => row.map(shift)),
      landmarks: input.landmarks.map((row) => row.map(shift)),
    });
    const base = locationInstability(input);
    expectSameNumbers(moved.perFilterLandmark.flat(), base.perFilterLandmark.flat(), 1e-9);
  });

  it('leaves out landmarks seen in fewer than 2 images, and filters with nothing left', () => {
    const landmarks: (P | null)[][] = [
      [[0, 0], [5, 5]],
      [[3, 4], null],
      [[6, 8], null],
    ];
    const positions: (P | null)[][] = [
      [[0, 0], [0, 0], [0, 0]], // landmark 1 only in image 0 → left out; landmark 0: d = 0, 5, 10
      [null, null, null], // silent everywhere → NaN, excluded
      [[0, 0], null, null], // each landmark seen with it once → NaN
    ];
    const got = locationInstability({ positions, scores: [[1, 2, 3], [1, 2, 3], [1, 2, 3]], landmarks, diagonal: 10 });
    expect(got.perFilterLandmark[0][0]).toBeCloseTo(0.5, 12); // std(0, 0.5, 1) = 0.5
    expect(got.perFilterLandmark[0][1]).toBeNaN();
    expect(got.perFilter[0]).toBeCloseTo(0.5, 12);
    expect(got.perFilter[1]).toBeNaN();
    expect(got.perFilter[2]).toBeNaN();
    expect(got.value).toBeCloseTo(0.5, 12);
    const none = locationInstability({ positions: [[null, null, null]], scores: [[1, 2, 3]], landmarks, diagonal: 10 });
    expect(none.value).toBeNaN();
    expect(none.imagesUsed).toEqual([[0, 0]]);
  });

  it('offers the paper (min over categories) and authors (highest mean activation) multi-category forms', () => {
    const input = randomInput(6, 5, 160, 4, 0.1);
    // Images 0–79 are category 0 (landmarks 0, 1), the rest category 1 (landmarks 2, 3).
    const imageCategory = input.landmarks.map((_, i) => (i < 80 ? 0 : 1));
    const landmarks = input.landmarks.map((row, i) => row.map((p, k) => (imageCategory[i] === (k < 2 ? 0 : 1) ? p : null)));
    const parts = [[0, 1], [2, 3]];
    const base = { ...input, landmarks, topK: 50 };
    const D = input.positions.map((row, f) => [0, 1, 2, 3].map((k) => referenceD(row, input.scores[f], landmarks, k, input.diagonal, 50)));
    const byCategory = D.map((row) => parts.map((ks) => finiteMean(ks.map((k) => row[k]))));

    const paper = locationInstability({ ...base, categories: { parts } });
    const paperWant = byCategory.map((m) => Math.min(...m));
    expectSameNumbers(paper.perFilter, paperWant);
    expect(paper.value).toBeCloseTo(finiteMean(paperWant), 12);
    expect(paper.filterCategory).toEqual(byCategory.map((m) => (m[0] <= m[1] ? 0 : 1)));

    const authors = locationInstability({ ...base, categories: { parts, form: 'authors', imageCategory } });
    const meanScore = input.scores.map((s) => [0, 1].map((c) => finiteMean(s.filter((_, i) => imageCategory[i] === c))));
    const chosen = meanScore.map((m) => (m[0] >= m[1] ? 0 : 1));
    expect(authors.filterCategory).toEqual(chosen);
    expectSameNumbers(authors.perFilter, byCategory.map((m, f) => m[chosen[f]]));

    const given = locationInstability({ ...base, categories: { parts, form: 'authors', activation: input.positions.map((_, f) => (f % 2 ? [0, 1] : [1, 0])) } });
    expect(given.filterCategory).toEqual([0, 1, 0, 1, 0]);
    expectSameNumbers(given.perFilter, byCategory.map((m, f) => m[f % 2]));
  });

  it('names the argument and index of bad input', () => {
    const input = randomInput(7, 4, 10, 2, 0);
    const bad = (patch: object) => () => locationInstability({ ...input, ...patch } as never);
    const positions = input.positions.map((row) => [...row]);
    (positions[3] as unknown[])[7] = [1, 'a'];
    expect(bad({ positions })).toThrow(/positions\[3\]\[7\]' must be null or \[x, y\]/);
    expect(bad({ scores: input.scores.slice(1) })).toThrow(/'scores' has 3 entries, expected 4/);
    const scores = input.scores.map((row) => [...row]);
    scores[2] = scores[2].slice(1);
    expect(bad({ scores })).toThrow(/'scores\[2\]' has 9 entries, expected 10/);
    const shortPositions = input.positions.map((row) => [...row]);
    shortPositions[1] = shortPositions[1].slice(2);
    expect(bad({ positions: shortPositions })).toThrow(/'positions\[1\]' has 8 entries, expected 10/);
    const nanScores = input.scores.map((row) => [...row]);
    nanScores[0][4] = NaN;
    expect(bad({ scores: nanScores })).toThrow(/'scores\[0\]\[4\]' must be a finite number, got NaN/);
    const landmarks = input.landmarks.map((row) => [...row]);
    landmarks[5] = [landmarks[5][0]];
    expect(bad({ landmarks })).toThrow(/'landmarks\[5\]' has 1 entries, expected 2/);
    expect(bad({ diagonal: 0 })).toThrow(/'diagonal' must be a positive number/);
    expect(bad({ diagonal: [1, 2] })).toThrow(/'diagonal' has 2 entries, expected 10/);
    expect(bad({ diagonal: input.diagonal.map((d, i) => (i === 3 ? -1 : d)) })).toThrow(/'diagonal\[3\]' must be a positive number/);
    expect(bad({ topK: 0 })).toThrow(/'topK' must be a positive integer/);
    expect(bad({ topK: 2.5 })).toThrow(/'topK'/);
    expect(bad({ categories: { parts: [[0, 5]] } })).toThrow(/'categories.parts\[0\]\[1\]' must be a landmark index in \[0, 2\)/);
    expect(bad({ categories: { parts: [[0], [1]], form: 'authors' } })).toThrow(/needs 'categories.imageCategory'/);
    expect(bad({ categories: { parts: [[0]], form: 'both' } })).toThrow(/'categories.form' must be one of 'paper', 'authors'/);
    expect(() => locationInstability(undefined as never)).toThrow(/locationInstability: 'input' must be an object/);
  });
});
