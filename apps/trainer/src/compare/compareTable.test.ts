import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../evaluate/evaluateNetwork';
import type { CompareResult } from './compareResult';
import { compareTable, verdictOf } from './compareTable';

const metrics = (accuracy: number, locationInstability: number): RunMetrics => ({
  accuracy,
  locationInstability,
  references: { mostFrequent: 0.09, bestPosition: 0.07, random: 0.15 },
  partTracking: 0.12,
  validationImages: 100,
  evaluationImages: 286,
});

function result(interpretable: number, maskOnly: number, centre: number): CompareResult {
  return {
    ordinary: metrics(0.9, 0.13),
    interpretable: metrics(0.88, interpretable),
    controls: { maskOnly: metrics(0.87, maskOnly), centreMask: metrics(0.86, centre) },
    settings: {},
    instabilityRatio: interpretable / 0.13,
    accuracyDifference: -0.02,
    seconds: 1,
    interrupted: false,
  };
}

describe('compareTable', () => {
  it('shows every network with its references and tracking, the ratio and the accuracy difference', () => {
    const table = compareTable(result(0.09, 0.092, 0.091));
    expect(table).toMatch(/ordinary\s+0\.900\s+0\.130\s+0\.090\s+0\.070\s+0\.150\s+0\.120/);
    expect(table).toMatch(/centre mask \(control\)\s+0\.860\s+0\.091/);
    expect(table).toMatch(/Instability interpretable\/ordinary = 0\.692; accuracy interpretable − ordinary = -2\.0 points/);
  });

  it('says plainly whether the filter loss adds to the controls (seed noise ±0.007)', () => {
    expect(verdictOf(result(0.09, 0.092, 0.091))).toMatch(/within seed noise .* does not add measurably/);
    expect(verdictOf(result(0.07, 0.09, 0.095))).toMatch(/lower than the masks-only control .* lower than the centre-mask control .* adds to what/);
    expect(verdictOf({ ...result(0.09, 0.09, 0.09), controls: undefined })).toMatch(/Controls not trained/);
  });
});
