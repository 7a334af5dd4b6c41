import { relativeError, seededRandom } from '@icnn/test-utils/numeric';
import { describe, expect, it } from 'vitest';
import { partTracking } from './partTracking';
import { rSquared1d, rSquared2d } from './rSquared';
import { referenceR2, referenceR2Combined } from './testing/reference';
import { trackingScene, type P } from './testing/scenes';

describe('rSquared1d / rSquared2d', () => {
  it('equal independent normal-equation fits on random data', () => {
    const random = seededRandom(31);
    for (let t = 0; t < 5; t++) {
      const n = 20 + t * 10;
      const px = Array.from({ length: n }, () => random() * 100);
      const py = Array.from({ length: n }, () => random() * 100);
      const tx = px.map((x, i) => 0.3 * x - 0.2 * py[i] + 30 * random());
      const ty = py.map((y, i) => 0.5 * y + 0.1 * px[i] + 40 * random());
      expect(relativeError([rSquared1d(px, tx)], [referenceR2(px, tx)])).toBeLessThan(1e-10);
      expect(relativeError([rSquared1d(py, ty)], [referenceR2(py, ty)])).toBeLessThan(1e-10);
      expect(relativeError([rSquared2d(px, py, tx, ty)], [referenceR2Combined(px, py, tx, ty)])).toBeLessThan(1e-8);
    }
  });

  it('are 0 for a constant predictor, NaN for a constant target, and handle peaks on a line', () => {
    expect(rSquared1d([0.1, 0.1, 0.1], [1, 2, 4])).toBe(0);
    expect(rSquared2d([0.1, 0.1, 0.1], [3, 3, 3], [1, 2, 4], [0, 5, 1])).toBe(0);
    expect(rSquared1d([1, 2, 3], [5, 5, 5])).toBeNaN();
    // Peaks along the diagonal x = y that predict the target exactly: the singular scatter matrix is fine.
    expect(rSquared2d([1, 2, 3, 4], [1, 2, 3, 4], [2, 4, 6, 8], [1, 1, 1, 1])).toBeCloseTo(1, 12);
  });
});

describe('partTracking', () => {
  it('gives ≈ 1 for a filter that tracks the landmark, 0 for a fixed one, ≈ 0 for a random one', () => {
    const { value, perFilter } = partTracking(trackingScene(300, 41));
    expect(perFilter.combined[0]).toBeGreaterThan(0.97);
    expect(perFilter.x[0]).toBeGreaterThan(0.97);
    expect(perFilter.y[0]).toBeGreaterThan(0.97);
    expect(perFilter.combined[1]).toBe(0);
    expect(perFilter.x[1]).toBe(0);
    expect(perFilter.combined[2]).toBeLessThan(0.05);
    expect(value.combined).toBeCloseTo((perFilter.combined[0] + perFilter.combined[1] + perFilter.combined[2]) / 3, 12);
  });

  it('matches independent fits over the same top-K images', () => {
    const scene = trackingScene(150, 42);
    const got = partTracking({ ...scene, topK: 40 });
    for (let f = 0; f < 3; f++) {
      const top = scene.scores[f].map((s, i) => [s, i]).sort((a, b) => b[0] - a[0]).slice(0, 40).map((e) => e[1]);
      const px = top.map((i) => scene.positions[f][i][0]);
      const py = top.map((i) => scene.positions[f][i][1]);
      const lx = top.map((i) => scene.landmarks[i][0][0]);
      const ly = top.map((i) => scene.landmarks[i][0][1]);
      const wantX = f === 1 ? 0 : referenceR2(px, lx);
      expect(Math.abs(got.perFilter.x[f] - wantX)).toBeLessThan(1e-10);
      if (f !== 1) expect(Math.abs(got.perFilter.combined[f] - referenceR2Combined(px, py, lx, ly))).toBeLessThan(1e-8);
    }
  });

  it('is invariant to a common translation of peaks and landmarks', () => {
    const scene = trackingScene(120, 43);
    const shift = (p: P | null): P | null => (p === null ? null : [p[0] + 1e4, p[1] - 3e3]);
    const moved = partTracking({ ...scene, positions: scene.positions.map((r) => r.map(shift)), landmarks: scene.landmarks.map((r) => r.map(shift)) });
    const base = partTracking(scene);
    for (const key of ['x', 'y', 'combined'] as const) expect(relativeError(moved.perFilter[key], base.perFilter[key])).toBeLessThan(1e-9);
  });

  it('needs minImages images per landmark', () => {
    const input = { positions: [[[0, 0], [1, 2], null] as (P | null)[]], scores: [[1, 2, 3]], landmarks: [[[0, 0]], [[1, 1]], [[2, 2]]] as P[][], diagonal: 1 };
    expect(partTracking(input).perFilter.combined[0]).toBeNaN();
    expect(partTracking({ ...input, minImages: 2 }).perFilter.x[0]).toBeCloseTo(1, 12);
    expect(() => partTracking({ ...input, minImages: 1 })).toThrow(/'minImages' must be an integer ≥ 2/);
  });
});
