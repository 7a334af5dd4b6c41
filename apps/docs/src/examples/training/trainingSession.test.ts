// The live training example's session in Node on WASM, at a tiny size: an epoch trains and is evaluated, a stop
// ends the run between batches, and it frees every tensor it makes (beyond what the packages' own parts keep).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import { createShardTrainer, parallelBatchStep, variableLayout } from '@icnn/training';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNet, DEFAULT_SETTINGS, prepareTrainingData, trainInPage, type EpochReport, type TrainingSettings } from './trainingSession';

const tiny: TrainingSettings = { ...DEFAULT_SETTINGS, images: 60, epochs: 2, batch: 16, width: 0.125, shownFilters: 3, shownImages: 2 };

describe('training session', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('trains, evaluates each epoch, and frees its tensors', async () => {
    const data = await prepareTrainingData(tiny);
    expect(data.pixels).toHaveLength(20); // the first of three categories
    expect(data.evaluation.reduce((n, b) => n + b.landmarks.length, 0)).toBe(20);
    const before = tf.memory().numTensors;
    const batches: number[] = [];
    const outcome = await trainInPage(tiny, data, { onBatch: (p) => void batches.push(p.batch) });
    expect(tf.memory().numTensors - before).toBe(0);
    expect(outcome.completed).toBe(true);
    expect(outcome.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(batches).toHaveLength(2 * Math.ceil(data.trainItems / tiny.batch));
    for (const report of outcome.epochs) {
      expect(Number.isFinite(report.loss)).toBe(true);
      expect(report.instability).toBeGreaterThan(0);
      expect(report.instability).toBeLessThan(1);
      expect(report.references?.bestPosition).toBeGreaterThan(0);
      expect(report.filters).toHaveLength(3);
      const values = report.filters.map((f) => f.instability);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values[0]).toBe(Math.min(...report.perFilter.filter(Number.isFinite)));
      for (const picture of report.filters) {
        expect(picture.tiles).toHaveLength(2);
        expect(picture.tiles[0].mapShape).toEqual([8, 8]);
        expect(Math.min(...picture.tiles[0].map)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('stops between batches when the signal aborts', async () => {
    const data = await prepareTrainingData(tiny);
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const outcome = await trainInPage(tiny, data, { signal: controller.signal, onBatch: (p) => { if (p.batch === 1) controller.abort(); } });
    expect(outcome).toEqual({ completed: false, epochs: [] });
    expect(tf.memory().numTensors - before).toBe(0);
  });

  it('trains through startWorkers when given (one worker, here on this thread: the same figures) and closes them', async () => {
    const data = await prepareTrainingData(tiny);
    const timeless = (epochs: EpochReport[]) => epochs.map(({ seconds: _s, imagesPerSecond: _i, ...rest }) => rest);
    const plain = await trainInPage(tiny, data);
    const before = tf.memory().numTensors;
    let closed = 0;
    const pooled = await trainInPage(tiny, data, {
      startWorkers: async (net, optimizer) => {
        const own = buildNet(tiny);
        const layout = variableLayout(net);
        const buffers = { weights: new Float32Array(layout.length), gradients: new Float32Array(layout.length), state: new Float32Array(layout.length) };
        const worker = { gradients: buffers.gradients, state: buffers.state, run: createShardTrainer(own, layout, buffers) };
        const step = parallelBatchStep({ net, optimizer, layout, weights: buffers.weights, workers: [worker] });
        return { step, close: () => void (closed++, own.dispose()) };
      },
    });
    expect(timeless(pooled.epochs)).toEqual(timeless(plain.epochs));
    expect(closed).toBe(1);
    expect(tf.memory().numTensors - before).toBe(0);
  });
});
