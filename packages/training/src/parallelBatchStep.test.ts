// Data-parallel training's generic pieces, with the workers as shard trainers on this thread (the trainer's tests run
// the same step across Node worker threads, the docs' browser tests across Web Workers): shard cutting, the
// fixed-order float32 sum, one worker equal to a local step, the batch gradient from two shards, batch-norm folding.
import * as tf from '@tensorflow/tfjs-core';
import { register } from '@icnn/backbone-vgg';
import { buildInterpretableNet, type InterpretableNet, type InterpretableNetOptions } from '@icnn/model';
import { describeBackends } from '@icnn/test-utils';
import { describe, expect, it } from 'vitest';
import { localBatchStep, type BatchStep, type TrainingBatch } from './batchStep';
import { createCategoryTracker } from './categoryTracker';
import { weightedSum } from './gradientSum';
import { createNetOptimizer } from './netOptimizer';
import { parallelBatchStep, type ParallelStepTimings, type ShardWorker } from './parallelBatchStep';
import { shardRequests, shardSizes } from './shards';
import { tensorFromView } from './tensorFromView';
import { createShardTrainer } from './trainShard';
import { variableLayout } from './variableLayout';

register();

const SIZE = 16;
const WITH_BATCH_NORM: InterpretableNetOptions = { backbone: 'vgg-small', backboneOptions: { width: 1 / 16, inputSize: SIZE }, classes: 3, variant: 'authors', hidden: 8, dropout: 0.5, newLayerStd: 'he' };
// VGG-16 has no batch norm: without it (and without the filter losses) two shards make exactly the batch's gradient.
const WITHOUT_BATCH_NORM: InterpretableNetOptions = { backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, classes: 1, interpretable: false, hidden: 8, dropout: 0 };

/** Noise images with ±1 labels (`classes` columns), from a small LCG. */
function noiseBatch(count: number, size: number, classes: number, seed: number): TrainingBatch {
  let state = seed >>> 0;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const images = Float32Array.from({ length: count * size * size * 3 }, () => random() - 0.5);
  // One category: alternate ±1; several: image b is a positive of category b mod classes only.
  const positive = (b: number, c: number) => (classes === 1 ? b % 2 === 0 : b % classes === c);
  const labels = Float32Array.from({ length: count * classes }, (_, i) => (positive(Math.floor(i / classes), i % classes) ? 1 : -1));
  return { images, shape: [count, size, size, 3], labels };
}

/** The coordinating net and `count` worker nets (same options: the same initial weights), trained by parallelBatchStep. */
function inThreadWorkers(options: InterpretableNetOptions, count: number) {
  const net = buildInterpretableNet(options);
  const layout = variableLayout(net);
  const weights = new Float32Array(layout.length);
  const nets: InterpretableNet[] = [];
  const workers: ShardWorker[] = Array.from({ length: count }, (_, index) => {
    const own = buildInterpretableNet(options);
    nets.push(own);
    const buffers = { weights, gradients: new Float32Array(layout.length), state: new Float32Array(layout.length) };
    return { gradients: buffers.gradients, state: buffers.state, run: createShardTrainer(own, layout, buffers, `worker ${index}`) };
  });
  return { net, layout, weights, workers, dispose: () => [net, ...nets].forEach((n) => n.dispose()) };
}

function values(net: InterpretableNet): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(net.variables).map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

/** One step per batch; `first` is the first batch's index in the run (it sets the dropout seed). */
async function steps(step: BatchStep, batches: TrainingBatch[], first = 0) {
  const figures = [];
  for (const [index, batch] of batches.entries()) figures.push(await step(batch, { epoch: 1, learningRate: 0.02, dropoutSeed: 10 + first + index }));
  return figures;
}

describe('shards and the gradient sum', () => {
  it('cut a batch into contiguous shards, as even as possible, of at least two images', () => {
    expect(shardSizes(10, 4)).toEqual([3, 3, 2, 2]);
    expect(shardSizes(7, 3)).toEqual([3, 2, 2]);
    expect(shardSizes(6, 4)).toEqual([2, 2, 2]);
    expect(shardSizes(2, 2)).toEqual([2]);
    expect(shardSizes(64, 1)).toEqual([64]);
    expect(() => shardSizes(0, 2)).toThrow(/'batch' must be an integer ≥ 1, got 0/);
    expect(() => shardSizes(8, 0)).toThrow(/'workers' must be an integer ≥ 1, got 0/);
  });

  it('give each shard its rows, its labels, a filter-loss weight that the shares turn back into the batch weight, and its own dropout seed', () => {
    const batch = noiseBatch(5, 2, 3, 1);
    const requests = shardRequests(batch, [3, 2], 3, { epoch: 4, filterLossWeight: 0.7 / 5, dropoutSeed: 11 });
    expect(requests.map((r) => r.shape)).toEqual([
      [3, 2, 2, 3],
      [2, 2, 2, 3],
    ]);
    expect(Float32Array.from([...requests[0].images, ...requests[1].images])).toEqual(batch.images);
    expect(Float32Array.from([...requests[0].labels, ...requests[1].labels])).toEqual(batch.labels);
    expect(requests[0].filterLossWeight).toBeCloseTo(0.7 / 3, 12);
    expect(requests[1].filterLossWeight).toBeCloseTo(0.7 / 2, 12);
    expect(requests.map((r) => r.epoch)).toEqual([4, 4]);
    expect(new Set(requests.map((r) => r.dropoutSeed)).size).toBe(2);
    expect(requests[0].images.buffer).not.toBe(batch.images.buffer); // copies: a worker may take them over
    expect(() => shardRequests(batch, [3, 3], 3, { epoch: 1 })).toThrow(/add up to 6, not the batch's 5 images/);
  });

  it('sum share × buffer in float32, left to right in worker order, over the slot only', () => {
    const slot = { name: 'w', shape: [2], offset: 1, size: 2 };
    // float32 has 8 between neighbours at 1e8: the order decides whether the 1 survives.
    const buffers = [Float32Array.of(9, 1e8, 3), Float32Array.of(9, 1, 5), Float32Array.of(9, -1e8, 7)];
    const reference = (order: number[], shares: number[]) =>
      [1, 2].map((i) => order.reduce((sum, w) => Math.fround(sum + Math.fround(shares[w] * buffers[w][i])), 0));
    expect(Array.from(weightedSum(buffers, [1, 1, 1], slot))).toEqual(reference([0, 1, 2], [1, 1, 1]));
    expect(weightedSum(buffers, [1, 1, 1], slot)[0]).toBe(0);
    expect(weightedSum([buffers[0], buffers[2], buffers[1]], [1, 1, 1], slot)[0]).toBe(1);
    expect(Array.from(weightedSum(buffers, [0.5, 0.25, 0.25], slot))).toEqual(reference([0, 1, 2], [0.5, 0.25, 0.25]));
    expect(() => weightedSum(buffers, [1, 1], slot)).toThrow(/3 buffers but 2 shares/);
  });

  it('sums into a reused scratch exactly as into a new array, overwriting what the scratch held', () => {
    const slot = { name: 'w', shape: [2], offset: 1, size: 2 };
    const buffers = [Float32Array.of(9, 1e8, 3), Float32Array.of(9, 1, 5), Float32Array.of(9, -1e8, 7)];
    const scratch = Float32Array.of(42, 42, 42);
    const sum = weightedSum(buffers, [0.5, 0.25, 0.25], slot, scratch);
    expect(Array.from(sum)).toEqual(Array.from(weightedSum(buffers, [0.5, 0.25, 0.25], slot)));
    expect(sum.buffer).toBe(scratch.buffer);
    expect(scratch[2]).toBe(42); // past the slot: untouched
    expect(() => weightedSum(buffers, [1, 1, 1], slot, new Float32Array(1))).toThrow(/'into' holds 1 floats, 'w' needs 2/);
  });
});

describeBackends('tensorFromView', () => {
  it('makes a tensor that keeps its values when the viewed buffer is rewritten', async () => {
    const buffer = Float32Array.of(1, 2, 3, 4, 5);
    const before = tf.memory().numTensors;
    const tensor = tensorFromView(buffer.subarray(1, 5), [2, 2]);
    buffer.fill(-1);
    expect(Array.from(await tensor.data())).toEqual([2, 3, 4, 5]);
    expect(tensor.shape).toEqual([2, 2]);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('parallelBatchStep with in-thread workers', () => {
  it('one worker trains exactly as a local step does (batch norm, dropout, filter losses, category EMAs), and frees its tensors', async () => {
    const batches = [noiseBatch(6, SIZE, 3, 1), noiseBatch(6, SIZE, 3, 2), noiseBatch(5, SIZE, 3, 3)];
    const here = buildInterpretableNet(WITH_BATCH_NORM);
    const hereOptimizer = createNetOptimizer(here, { momentum: 0.9 });
    const hereCategories = createCategoryTracker(here);
    const hereFigures = await steps(localBatchStep(here, hereOptimizer, hereCategories), batches);

    const pool = inThreadWorkers(WITH_BATCH_NORM, 1);
    const optimizer = createNetOptimizer(pool.net, { momentum: 0.9 });
    const categories = createCategoryTracker(pool.net);
    const step = parallelBatchStep({ net: pool.net, optimizer, categories, layout: pool.layout, weights: pool.weights, workers: pool.workers });
    await steps(step, batches.slice(0, 1)); // first use allocates the optimizer's slots
    const tensors = tf.memory().numTensors;
    const rest = await steps(step, batches.slice(1), 1);
    expect(tf.memory().numTensors).toBe(tensors);

    expect(rest).toEqual(hereFigures.slice(1));
    expect(values(pool.net)).toEqual(values(here));
    expect(categories.state()).toEqual(hereCategories.state());
    for (const o of [hereOptimizer, optimizer]) o.dispose();
    here.dispose();
    pool.dispose();
  });

  it('two workers give the whole batch gradient without batch norm, and the same numbers twice', async () => {
    const batches = [noiseBatch(8, 32, 1, 4), noiseBatch(7, 32, 1, 5)];
    const run = async (workers: number) => {
      const pool = inThreadWorkers(WITHOUT_BATCH_NORM, workers);
      const optimizer = createNetOptimizer(pool.net, { momentum: 0.9 });
      const step = workers === 0 ? localBatchStep(pool.net, optimizer) : parallelBatchStep({ net: pool.net, optimizer, layout: pool.layout, weights: pool.weights, workers: pool.workers });
      const figures = await steps(step, batches);
      const weights = values(pool.net);
      optimizer.dispose();
      pool.dispose();
      return { figures, weights };
    };
    const [local, two, again] = [await run(0), await run(2), await run(2)];
    for (const [name, v] of Object.entries(local.weights)) {
      const scale = Math.max(1e-6, ...v.map(Math.abs));
      const worst = Math.max(...v.map((x, i) => Math.abs(x - two.weights[name][i])));
      expect(worst / scale, name).toBeLessThan(1e-4);
    }
    two.figures.forEach((f, i) => {
      expect(f.classification).toBeCloseTo(local.figures[i].classification, 5);
      expect(f.correct).toBe(local.figures[i].correct);
      expect(f.total).toBe(local.figures[i].total);
    });
    expect(again).toEqual(two);
  });

  it('reports where each step went: one entry per step, one timing per worker, inside the step\'s shard phase', async () => {
    const pool = inThreadWorkers(WITHOUT_BATCH_NORM, 2);
    const optimizer = createNetOptimizer(pool.net, {});
    const timings: ParallelStepTimings[] = [];
    const step = parallelBatchStep({ net: pool.net, optimizer, layout: pool.layout, weights: pool.weights, workers: pool.workers, onTimings: (t) => timings.push(t) });
    await steps(step, [noiseBatch(6, 32, 1, 7), noiseBatch(5, 32, 1, 8)]);
    expect(timings).toHaveLength(2);
    for (const t of timings) {
      expect(t.workers).toHaveLength(2);
      for (const w of t.workers) {
        for (const ms of [w.readMs, w.gradientMs, w.writeMs]) expect(ms).toBeGreaterThanOrEqual(0);
        expect(w.gradientMs).toBeGreaterThan(0);
        // In-thread workers compute one after the other, each before the shard phase ends.
        expect(t.shardsMs).toBeGreaterThanOrEqual(w.readMs + w.gradientMs);
      }
      for (const ms of [t.writeWeightsMs, t.combineMs]) expect(ms).toBeGreaterThanOrEqual(0);
    }
    optimizer.dispose();
    pool.dispose();
  });

  it("keeps the shards' share-weighted batch-norm statistics: the first layer's running mean is the batch's", async () => {
    // The first batch-norm layer sees the same conv outputs either way, and the share-weighted mean of the shards'
    // means is the batch's mean, so its running mean after a step matches one step on the whole batch.
    const batch = noiseBatch(7, SIZE, 3, 6);
    const here = buildInterpretableNet(WITH_BATCH_NORM);
    const hereOptimizer = createNetOptimizer(here, {});
    await steps(localBatchStep(here, hereOptimizer), [batch]);
    const pool = inThreadWorkers(WITH_BATCH_NORM, 2);
    const optimizer = createNetOptimizer(pool.net, {});
    await steps(parallelBatchStep({ net: pool.net, optimizer, layout: pool.layout, weights: pool.weights, workers: pool.workers }), [batch]);
    const name = Object.keys(here.variables).find((n) => n.endsWith('bn1_1/movingMean'))!;
    const initial = buildInterpretableNet(WITH_BATCH_NORM);
    const before = initial.variables[name].dataSync();
    const expected = here.variables[name].dataSync();
    const got = pool.net.variables[name].dataSync();
    expect(Array.from(expected).some((v, i) => v !== before[i])).toBe(true);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    // Deeper layers normalise each shard by its own statistics: their running variances are not the batch's.
    const deeper = Object.keys(here.variables).find((n) => n.endsWith('bn2_1/movingVariance'))!;
    expect(Array.from(pool.net.variables[deeper].dataSync())).not.toEqual(Array.from(here.variables[deeper].dataSync()));
    for (const o of [hereOptimizer, optimizer]) o.dispose();
    [here, initial].forEach((n) => n.dispose());
    pool.dispose();
  });
});
