import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../evaluate/evaluateNetwork';
import type { CompareResult } from './compareResult';
import { compareSummary, compareTable, shiftedVerdictOf, verdictOf } from './compareTable';

const metrics = (accuracy: number, locationInstability: number, shiftedInstability = 0.2): RunMetrics => ({
  accuracy,
  locationInstability,
  references: { mostFrequent: 0.09, bestPosition: 0.07, random: 0.15 },
  partTracking: 0.12,
  validationImages: 100,
  skippedImages: 0,
  evaluationImages: 286,
  shifted: { locationInstability: shiftedInstability, references: { mostFrequent: 0.21, bestPosition: 0.18, random: 0.25 }, partTracking: 0.34 },
});

function result(interpretable: number, maskOnly: number, centre: number, shiftedInterpretable = 0.16): CompareResult {
  return {
    ordinary: metrics(0.9, 0.13),
    interpretable: metrics(0.88, interpretable, shiftedInterpretable),
    controls: { maskOnly: metrics(0.87, maskOnly), centreMask: metrics(0.86, centre) },
    settings: {},
    instabilityRatio: interpretable / 0.13,
    shiftedInstabilityRatio: shiftedInterpretable / 0.2,
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

  it('adds a block of the same networks on shifted crops, each figure under its box-crop counterpart, within 120 columns', () => {
    const lines = compareTable(result(0.09, 0.092, 0.091)).split('\n');
    const header = lines.findIndex((l) => l.startsWith('shifted crops (1.5×, ±25%)'));
    expect(header).toBeGreaterThan(4);
    const block = lines.slice(header + 1, header + 5);
    expect(block[0]).toMatch(/^ordinary\s+0\.200\s+0\.210\s+0\.180\s+0\.250\s+0\.340$/);
    expect(block[1]).toMatch(/^interpretable\s+0\.160\s+0\.210/);
    expect(block.map((l) => l.split(/\s{2,}/)[0])).toEqual(['ordinary', 'interpretable', 'masks only (control)', 'centre mask (control)']);
    // Aligned: the instability column ends where the box-crop one does.
    expect(block[0].indexOf('0.200') + 5).toBe(lines[1].indexOf('0.130') + 5);
    // The rows, headers and notes fit 120 columns (the closing verdicts are prose, one sentence a line).
    const verdicts = lines.findIndex((l) => l.startsWith('Instability interpretable/ordinary'));
    expect(lines.slice(0, verdicts).every((l) => l.length <= 120)).toBe(true);
    expect(lines.slice(verdicts)).toHaveLength(3);
  });

  it('says plainly whether the filter loss adds to the controls (seed noise ±0.007)', () => {
    expect(verdictOf(result(0.09, 0.092, 0.091))).toMatch(/within seed noise .* does not add measurably/);
    expect(verdictOf(result(0.07, 0.09, 0.095))).toMatch(/lower than the masks-only control .* lower than the centre-mask control .* adds to what/);
    expect(verdictOf({ ...result(0.09, 0.09, 0.09), controls: undefined })).toMatch(/Controls not trained/);
  });

  it('on shifted crops gives the ratio and whether the interpretable net beats its best fixed cell', () => {
    expect(shiftedVerdictOf(result(0.09, 0.09, 0.09, 0.16))).toMatch(/interpretable\/ordinary = 0\.800; .*\(0\.160\) is below its best-fixed-cell reference \(0\.180\): its filters follow parts/);
    expect(shiftedVerdictOf(result(0.09, 0.09, 0.09, 0.19))).toMatch(/\(0\.190\) is not below its best-fixed-cell reference \(0\.180\): fixed placement does as well/);
    expect(compareSummary(result(0.09, 0.09, 0.09))).toMatch(/Shifted crops: instability interpretable\/ordinary = 0\.800/);
  });
});
