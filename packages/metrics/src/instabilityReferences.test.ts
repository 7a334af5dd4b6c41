import { relativeError } from '@icnn/test-utils/numeric';
import { describe, expect, it } from 'vitest';
import { instabilityReferences } from './instabilityReferences';
import { locationInstability } from './locationInstability';
import { finiteMean, referenceD } from './testing/reference';
import { gridCandidates, trackingScene, type P } from './testing/scenes';

describe('instabilityReferences', () => {
  const scene = trackingScene(200, 21);
  const candidates = gridCandidates();
  const refs = instabilityReferences({ ...scene, candidates });

  it('reports the measured instability beside the references, per filter and averaged', () => {
    const measured = locationInstability(scene);
    expect(refs.measured.perFilter).toEqual(measured.perFilter);
    for (const ref of [refs.mostFrequent, refs.bestPosition, refs.random]) {
      expect(ref.perFilter).toHaveLength(3);
      expect(ref.value).toBeCloseTo(finiteMean(ref.perFilter), 12);
    }
  });

  it('gives a fixed filter its own instability as the most-frequent reference, and the best position at most that', () => {
    const [, fixed] = refs.measured.perFilter;
    expect(refs.mostFrequent.positions[1]).toEqual([119.5, 119.5]);
    expect(refs.mostFrequent.perFilter[1]).toBeCloseTo(fixed, 14);
    for (let f = 0; f < 3; f++) expect(refs.bestPosition.perFilter[f]).toBeLessThanOrEqual(refs.mostFrequent.perFilter[f] + 1e-15);
    // Tracking beats every fixed place; a random cell is worse than the best fixed one.
    expect(refs.measured.perFilter[0]).toBeLessThan(refs.bestPosition.perFilter[0]);
    expect(refs.random.perFilter[0]).toBeGreaterThan(refs.bestPosition.perFilter[0]);
  });

  it('finds the best position by brute force over the candidates, as an independent search does', () => {
    const { positions, scores, landmarks, diagonal } = scene;
    for (let f = 0; f < 3; f++) {
      let best = Infinity;
      let bestPoint: P | null = null;
      for (const q of candidates) {
        const fixedRow = positions[f].map(() => q);
        const v = referenceD(fixedRow, scores[f], landmarks, 0, diagonal, 100);
        if (v < best) {
          best = v;
          bestPoint = q;
        }
      }
      expect(relativeError([refs.bestPosition.perFilter[f]], [best])).toBeLessThan(1e-12);
      expect(refs.bestPosition.positions[f]).toEqual(bestPoint);
    }
  });

  it('estimates the random reference reproducibly from the seed, close to a long independent run', () => {
    const again = instabilityReferences({ ...scene, candidates });
    expect(again.random.perFilter).toEqual(refs.random.perFilter);
    const otherSeed = instabilityReferences({ ...scene, candidates, seed: 99 });
    expect(otherSeed.random.perFilter).not.toEqual(refs.random.perFilter);
    const long = instabilityReferences({ ...scene, candidates, samples: 400, seed: 5 });
    // The random reference does not depend on where the filter fired (only on which images it is measured over).
    for (let f = 0; f < 3; f++) expect(Math.abs(refs.random.perFilter[f] - long.random.perFilter[0])).toBeLessThan(0.01);
  });

  it('is invariant to a common translation of peaks, landmarks and candidates', () => {
    const shift = (p: P | null): P | null => (p === null ? null : [p[0] - 500, p[1] + 77]);
    const moved = instabilityReferences({
      ...scene,
      positions: scene.positions.map((row) => row.map(shift)),
      landmarks: scene.landmarks.map((row) => row.map(shift)),
      candidates: candidates.map((c) => shift(c)!),
    });
    for (const key of ['measured', 'mostFrequent', 'bestPosition', 'random'] as const) {
      expect(relativeError(moved[key].perFilter, refs[key].perFilter)).toBeLessThan(1e-9);
    }
  });

  it('leaves out exactly the filters the measured instability leaves out', () => {
    const got = instabilityReferences({
      positions: [[null, null, null], [[0, 0], [1, 1], [2, 2]]],
      scores: [[1, 2, 3], [1, 2, 3]],
      landmarks: [[[0, 0]], [[3, 4]], [[6, 8]]],
      diagonal: 10,
      candidates: [[0, 0], [100, 100]],
    });
    for (const key of ['measured', 'mostFrequent', 'bestPosition', 'random'] as const) {
      expect(got[key].perFilter[0]).toBeNaN();
      expect(Number.isFinite(got[key].perFilter[1])).toBe(true);
    }
    expect(got.mostFrequent.positions[0]).toBeNull();
    expect(got.mostFrequent.positions[1]).toEqual([0, 0]); // three singletons: the first in image order
    // At (0, 0): d = 0, 0.5, 1, std 0.5; at (100, 100) the three distances are closer together and win.
    const far = [Math.hypot(100, 100), Math.hypot(97, 96), Math.hypot(94, 92)].map((d) => d / 10);
    const mean = (far[0] + far[1] + far[2]) / 3;
    const std = Math.sqrt(far.reduce((a, d) => a + (d - mean) ** 2, 0) / 2);
    expect(std).toBeLessThan(0.5);
    expect(got.bestPosition.positions[1]).toEqual([100, 100]);
    expect(got.bestPosition.perFilter[1]).toBeCloseTo(std, 12);
    expect(got.mostFrequent.perFilter[1]).toBeCloseTo(0.5, 12);
  });

  it('names bad candidates and options', () => {
    expect(() => instabilityReferences({ ...scene, candidates: [] })).toThrow(/'candidates' must hold at least one position/);
    expect(() => instabilityReferences({ ...scene, candidates: [[0, 0], [1] as never] })).toThrow(/'candidates\[1\]' must be \[x, y\]/);
    expect(() => instabilityReferences({ ...scene, candidates, samples: 0 })).toThrow(/'samples' must be a positive integer/);
  });
});
