import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import { describe, expect, it } from 'vitest';
import { prepareData } from '../data/prepareData';
import { buildNet } from '../run/buildNet';
import { tinyOptions } from '../testing/tinyOptions';
import { bestTenthMean, evaluateNetwork, type LocationFigures } from './evaluateNetwork';

function expectFigures(figures: LocationFigures): void {
  for (const v of [figures.locationInstability, figures.partTracking, figures.references!.mostFrequent, figures.references!.bestPosition, figures.references!.random]) {
    expect(Number.isFinite(v) && v! >= 0 && v! <= 1).toBe(true);
  }
  // The best tenth's mean is at least the mean over all filters.
  expect(figures.partTrackingBestTenth!).toBeGreaterThanOrEqual(figures.partTracking!);
  expect(figures.partTrackingBestTenth!).toBeLessThanOrEqual(1);
}

describe('bestTenthMean', () => {
  it('averages the largest tenth of the finite values, at least one', () => {
    expect(bestTenthMean([0.1, NaN, 0.5, 0.2])).toBe(0.5);
    const twenty = Array.from({ length: 20 }, (_, i) => i / 100);
    expect(bestTenthMean(twenty)).toBeCloseTo((0.19 + 0.18) / 2, 12);
    expect(bestTenthMean([NaN, NaN])).toBeNull();
  });
});

describe('evaluateNetwork', () => {
  it('measures box crops and shifted crops; the evaluation seed moves only the shifted figures; progress spans both passes', async () => {
    await initBackend('cpu');
    const options = tinyOptions();
    const data = await prepareData(options);
    const net = buildNet(options, 1);
    const tensors = tf.memory().numTensors;
    const progress: [number, number, string][] = [];
    const a = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 0, onProgress: (done, total, protocol) => progress.push([done, total, protocol]) });
    const again = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 0 });
    const other = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    net.dispose();

    const evaluated = data.evaluation.items.length;
    expect(a.metrics.evaluationImages).toBe(evaluated);
    expectFigures(a.metrics);
    expectFigures(a.metrics.shifted);
    expect(Object.keys(a.metrics.shifted).sort()).toEqual(['locationInstability', 'partTracking', 'partTrackingBestTenth', 'references']);
    // The shifted crops are other pictures of the same objects: other figures, the same with the same seed.
    expect(a.metrics.shifted.locationInstability).not.toBe(a.metrics.locationInstability);
    expect(again.metrics).toEqual(a.metrics);
    expect(other.metrics.locationInstability).toBe(a.metrics.locationInstability);
    expect(other.metrics.partInterpretability).toBe(a.metrics.partInterpretability);
    expect(other.metrics.shifted.locationInstability).not.toBe(a.metrics.shifted.locationInstability);

    // One bar over both passes: the paper's images, then the shifted ones, counting up to twice the objects.
    expect(progress.every(([, total]) => total === 2 * evaluated)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((x, y) => x - y));
    expect(progress.find(([, , protocol]) => protocol === 'shifted')![0]).toBeGreaterThan(evaluated);
    expect(progress.filter(([, , protocol]) => protocol === 'paper').at(-1)![0]).toBe(evaluated);
    expect(progress.at(-1)).toEqual([2 * evaluated, 2 * evaluated, 'shifted']);
    await expect(evaluateNetwork(net, data, { batchSize: 8, evalSeed: -1 })).rejects.toThrow(/'evalSeed' must be an integer ≥ 0, got -1/);
  }, 120_000);
});
