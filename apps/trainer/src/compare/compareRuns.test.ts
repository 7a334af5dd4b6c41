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
    const { result } = await compareRuns({ ...tinyOptions(['--epochs', '1', '--no-controls']), out });
    expect(result.interrupted).toBe(false);
    expect(result.controls).toBeUndefined();
    expect(result.instabilityRatio).toBeCloseTo(result.interpretable.locationInstability / result.ordinary.locationInstability, 12);
    expect(result.settings).toMatchObject({ dataset: 'partworld', epochs: 1, backbone: 'vgg-small' });
    const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as typeof result;
    expect(saved.ordinary.locationInstability).toBe(result.ordinary.locationInstability);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/Filter loss|Controls not trained/);
    expect(existsSync(join(out, 'interpretable', 'checkpoint', 'model.json'))).toBe(true);
    const again = await compareRuns({ ...tinyOptions(['--epochs', '1', '--no-controls']), out, resume: true });
    expect(again.result.interpretable.locationInstability).toBe(result.interpretable.locationInstability);
    expect(again.runs.ordinary!.epochs).toEqual([]); // nothing left to train
  }, 180_000);
});
