import * as tf from '@tensorflow/tfjs-core';
import { register } from '@icnn/backbone-vgg';
import { buildInterpretableNet, type InterpretableNetOptions } from '@icnn/model';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { createCategoryTracker } from './categoryTracker';
import { createNetOptimizer } from './netOptimizer';
import type { TrainingBatch } from './batchStep';
import { DivergenceError } from './divergenceError';
import { runEpoch, type EpochTotals } from './runEpoch';
import { disposeStepResult, trainStep } from './trainStep';

register();

const SIZE = 16;
const TINY: InterpretableNetOptions = { backbone: 'vgg-small', backboneOptions: { width: 1 / 16, inputSize: SIZE }, classes: 1, variant: 'authors', hidden: 8, dropout: 0, newLayerStd: 'he' };

/** A separable toy: positives carry a bright square somewhere in the top half, negatives only noise. */
function toyBatch(size: number, seed: number): TrainingBatch {
  let state = seed >>> 0;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const images = new Float32Array(size * SIZE * SIZE * 3);
  const labels = new Float32Array(size);
  for (let b = 0; b < size; b++) {
    const positive = b % 2 === 0;
    labels[b] = positive ? 1 : -1;
    for (let i = 0; i < SIZE * SIZE * 3; i++) images[b * SIZE * SIZE * 3 + i] = (random() - 0.5) * 0.2;
    if (positive) {
      const y0 = Math.floor(random() * 4);
      const x0 = Math.floor(random() * 10);
      for (let y = y0; y < y0 + 5; y++) for (let x = x0; x < x0 + 5; x++) for (let c = 0; c < 3; c++) images[((b * SIZE + y) * SIZE + x) * 3 + c] += 1;
    }
  }
  return { images, shape: [size, SIZE, SIZE, 3], labels };
}

describeBackends('trainStep and runEpoch', () => {
  it('updates every trainable variable and β, leaves no tensors behind, and lowers the loss on a separable toy', async () => {
    const net = buildInterpretableNet(TINY);
    const optimizer = createNetOptimizer(net, { weightDecay: 0 });
    const before = new Map(Object.entries(net.variables).map(([name, v]) => [name, v.dataSync().slice()]));
    const batch = toyBatch(16, 1);
    const images = tf.tensor4d(batch.images, [...batch.shape]);
    const labels = tf.tensor1d(batch.labels);
    const tensors = tf.memory().numTensors;
    const losses: number[] = [];
    for (let step = 0; step < 40; step++) {
      const result = trainStep(net, optimizer, images, labels, { epoch: 1, learningRate: 0.05 });
      losses.push((await result.classification.data())[0]);
      disposeStepResult(result);
      expect(tf.memory().numTensors).toBe(tensors);
    }
    const changed = (name: string) => net.variables[name].dataSync().some((v, i) => v !== before.get(name)![i]);
    for (const v of net.trainableVariables()) expect(changed(Object.keys(net.variables).find((k) => net.variables[k] === v)!), v.name).toBe(true);
    expect(changed('mask_top/beta')).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    tf.dispose([images, labels]);
    optimizer.dispose();
    net.dispose();
  });

  it('runEpoch: the same seed gives the same weights; an aborted epoch stops between batches', async () => {
    const train = async (abortAfter?: number) => {
      const net = buildInterpretableNet({ ...TINY, dropout: 0.5 });
      const optimizer = createNetOptimizer(net);
      const controller = new AbortController();
      const batches = [toyBatch(8, 3), toyBatch(8, 4), toyBatch(8, 5)];
      const seen: number[] = [];
      const result = await runEpoch({
        net,
        optimizer,
        batches,
        epoch: 1,
        schedule: { kind: 'cosine', lr: 0.05, epochs: 1 },
        batchesPerEpoch: 3,
        seed: 7,
        signal: controller.signal,
        onBatch: (p) => {
          seen.push(p.batch);
          if (p.batch === abortAfter) controller.abort();
        },
      });
      const weights = Array.from(net.variables['fc8/kernel'].dataSync());
      optimizer.dispose();
      net.dispose();
      return { result, weights, seen };
    };
    const a = await train();
    const b = await train();
    expect(a.result.completed).toBe(true);
    expect(a.seen).toEqual([1, 2, 3]);
    expect(b.weights).toEqual(a.weights);
    expect(a.result.accuracy).toBeGreaterThanOrEqual(0);
    const stopped = await train(1);
    expect(stopped.result.completed).toBe(false);
    expect(stopped.seen).toEqual([1]);
  });

  it("runEpoch: an epoch resumed with the stopped call's totals reports the whole epoch's means", async () => {
    const batches = [toyBatch(8, 3), toyBatch(6, 4), toyBatch(8, 5)];
    const epoch = async (net: ReturnType<typeof buildInterpretableNet>, optimizer: ReturnType<typeof createNetOptimizer>, from: number, stopAfter?: number, totalsBefore?: EpochTotals) => {
      const controller = new AbortController();
      return runEpoch({
        net,
        optimizer,
        batches: batches.slice(from),
        epoch: 1,
        schedule: { kind: 'constant', lr: 0.05 },
        batchesPerEpoch: 3,
        firstBatch: from,
        signal: controller.signal,
        onBatch: (p) => void (p.batch === stopAfter && controller.abort()),
        ...(totalsBefore ? { totalsBefore } : {}),
      });
    };
    const run = async (stopAfter?: number) => {
      const net = buildInterpretableNet(TINY);
      const optimizer = createNetOptimizer(net);
      let result = await epoch(net, optimizer, 0, stopAfter);
      if (!result.completed) result = await epoch(net, optimizer, result.batch, undefined, result.totals);
      optimizer.dispose();
      net.dispose();
      return result;
    };
    const straight = await run();
    const resumed = await run(2);
    expect(straight.totals.images).toBe(22);
    expect(resumed.images).toBe(8);
    expect(resumed.totals).toEqual(straight.totals);
    expect([resumed.loss, resumed.classification, resumed.filterLoss, resumed.accuracy]).toEqual([straight.loss, straight.classification, straight.filterLoss, straight.accuracy]);
  });

  it('multi-category: the category tracker assigns each filter a category after one step', async () => {
    const net = buildInterpretableNet({ ...TINY, classes: 2 });
    const optimizer = createNetOptimizer(net);
    const tracker = createCategoryTracker(net);
    expect(tracker.filterCategories()).toBeUndefined();
    const batch = toyBatch(8, 9);
    const table = new Float32Array(16);
    batch.labels.forEach((l, b) => table.set(l > 0 ? [1, -1] : [-1, 1], b * 2));
    await runEpoch({ net, optimizer, batches: [{ ...batch, labels: table }], epoch: 1, schedule: { kind: 'constant', lr: 0.01 }, categories: tracker });
    const categories = tracker.filterCategories()!;
    expect(Object.keys(categories).sort()).toEqual(['afterPool', 'top']);
    expect(Array.from(categories.top as Int32Array).every((c) => c === 0 || c === 1)).toBe(true);
    const state = tracker.state();
    const fresh = createCategoryTracker(net);
    fresh.restore(JSON.parse(JSON.stringify(state)));
    expect(fresh.state()).toEqual(state);
    // A restored tracker (a resumed run) hands the next step the same assignment.
    expect(fresh.filterCategories()).toEqual(categories);
    expect(fresh.layerCategories()).toEqual(tracker.layerCategories());
    optimizer.dispose();
    net.dispose();
  });
  it('activations gone Infinity stop the epoch with the divergence message, not the filter loss\'s input check', async () => {
    const net = buildInterpretableNet(TINY);
    const optimizer = createNetOptimizer(net);
    // A diverged run's weights: the top conv's and the new conv's kernels blown up until the maps overflow float32.
    for (const name of ['backbone/conv4/kernel', 'newConv/kernel']) net.variables[name].assign(tf.mul(net.variables[name], 1e38));
    const epoch = runEpoch({ net, optimizer, batches: [toyBatch(8, 3)], epoch: 2, schedule: { kind: 'constant', lr: 0.5 } });
    await expect(epoch).rejects.toThrow(DivergenceError);
    await expect(runEpoch({ net, optimizer, batches: [toyBatch(8, 3)], epoch: 2, schedule: { kind: 'constant', lr: 0.5 } })).rejects.toThrow(
      /^runEpoch: the (activations became non-finite \(.*contains (NaN|-?Infinity).*\)|loss became NaN) in epoch 2, batch 1 \(learning rate 0\.5\); lower the learning rate or the filter-loss weight$/,
    );
    // The same from a step on another thread, whose error arrives as text.
    const remote = async () => {
      throw new Error("training worker 0: filterLoss: 'x' contains Infinity at flat index 12 (shape [4,2,2,8])");
    };
    await expect(runEpoch({ net, optimizer, batches: [toyBatch(8, 3)], epoch: 1, schedule: { kind: 'constant', lr: 0.1 }, step: remote })).rejects.toThrow(
      "runEpoch: the activations became non-finite (training worker 0: filterLoss: 'x' contains Infinity at flat index 12 (shape [4,2,2,8])) in epoch 1, batch 1 (learning rate 0.1)",
    );
    optimizer.dispose();
    net.dispose();
  });
});
