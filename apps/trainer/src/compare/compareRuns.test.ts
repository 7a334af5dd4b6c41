import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@icnn/runtime';
import { describe, expect, it } from 'vitest';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { compareRuns } from './compareRuns';

describe('compareRuns', () => {
  it('trains ordinary and interpretable on the same data, writes compare.json and the report; --resume re-evaluates without training', async () => {
    await initBackend('cpu');
    const out = temporaryOut();
    const { result, runs } = await compareRuns({ ...tinyOptions(['--epochs', '1', '--no-controls']), out });
    expect(result.interrupted).toBe(false);
    expect(result.controls).toBeUndefined();
    expect(result.instabilityRatio).toBeCloseTo(result.interpretable.locationInstability / result.ordinary.locationInstability, 12);
    expect(result.settings).toMatchObject({ dataset: 'partworld', epochs: 1, backbone: 'vgg-small', evalSeed: 0, trainJitter: false });
    // The shifted protocol: per network its figures (finite, in [0, 1], references present) and the ratio.
    for (const metrics of [result.ordinary, result.interpretable]) {
      const { locationInstability, references, partTracking } = metrics.shifted;
      for (const v of [locationInstability, references!.mostFrequent, references!.bestPosition, references!.random, partTracking!]) {
        expect(Number.isFinite(v) && v >= 0 && v <= 1).toBe(true);
      }
    }
    expect(result.shiftedInstabilityRatio).toBeCloseTo(result.interpretable.shifted.locationInstability / result.ordinary.shifted.locationInstability, 12);
    const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as typeof result;
    expect(saved.ordinary.locationInstability).toBe(result.ordinary.locationInstability);
    expect(saved.interpretable.shifted).toEqual(result.interpretable.shifted);
    expect(saved.shiftedInstabilityRatio).toBe(result.shiftedInstabilityRatio);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toMatch(/Filter loss|Controls not trained/);
    expect(report).toMatch(/Shifted crops: instability interpretable\/ordinary = \d\.\d{3}/);
    expect(report.match(/↳ shifted crops/g)).toHaveLength(2);
    expect(existsSync(join(out, 'interpretable', 'checkpoint', 'model.json'))).toBe(true);
    const again = await compareRuns({ ...tinyOptions(['--epochs', '1', '--no-controls']), out, resume: true });
    expect(again.result.interpretable.locationInstability).toBe(result.interpretable.locationInstability);
    // Nothing left to train: the epoch comes back from the checkpoint as it was (its seconds too), not retrained.
    expect(again.runs.ordinary!.epochs).toEqual(runs.ordinary!.epochs);
    expect(again.runs.ordinary!.epochs).toHaveLength(1);
  }, 180_000);
});
