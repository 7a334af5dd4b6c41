import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { batches } from '@icnn/datasets';
import type { InterpretableNet } from '@icnn/model';
import { initBackend } from '@icnn/runtime';
import { createCategoryTracker, createNetOptimizer, localBatchStep, shardSizes, type BatchStep, type TrainingBatch } from '@icnn/training';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainerOptions } from '../config/options';
import { prepareData } from '../data/prepareData';
import { buildNet } from '../run/buildNet';
import { trainNetwork } from '../run/trainNetwork';
import { bundledWorker } from '../testing/bundledWorker';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { startTrainingWorkers } from './trainingWorkers';

let workerScript: string;
let forwardWorkerScript: string;

beforeAll(async () => {
  workerScript = await bundledWorker('trainWorker');
  // Runs with workers evaluate on them too.
  forwardWorkerScript = await bundledWorker('forwardWorker');
  await initBackend('cpu');
}, 60_000);

function weightsOf(net: InterpretableNet): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(net.variables).map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

function maxRelativeDifference(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let worst = 0;
  for (const [name, values] of Object.entries(a)) {
    let scale = 1e-8;
    let difference = 0;
    values.forEach((v, i) => {
      scale = Math.max(scale, Math.abs(v));
      difference = Math.max(difference, Math.abs(v - b[name][i]));
    });
    worst = Math.max(worst, difference / scale);
  }
  return worst;
}

/** Trains `options` for the batches of epoch 1 with the given step maker; returns the net (caller disposes). */
async function trainWith(options: TrainerOptions, makeStep: (net: InterpretableNet, optimizer: ReturnType<typeof createNetOptimizer>, tracker: ReturnType<typeof createCategoryTracker> | undefined, classes: number) => Promise<{ step: BatchStep; close(): Promise<void> }>) {
  const data = await prepareData(options);
  const classes = data.kind === 'single' ? 1 : data.categories.length;
  const net = buildNet(options, classes);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay });
  const tracker = classes > 1 ? createCategoryTracker(net) : undefined;
  const { step, close } = await makeStep(net, optimizer, tracker, classes);
  const figures = [];
  try {
    for await (const batch of batches(data.set.train, { batchSize: options.batch, load: data.load, size: data.size, mean: data.mean, shuffle: true, seed: 0, epoch: 1 })) {
      figures.push(await step(batch as TrainingBatch, { epoch: 1, learningRate: options.lr, dropoutSeed: figures.length }));
    }
  } finally {
    await close();
  }
  optimizer.dispose();
  return { net, figures, categories: tracker?.state() };
}

const local = async (net: InterpretableNet, optimizer: ReturnType<typeof createNetOptimizer>, tracker: ReturnType<typeof createCategoryTracker> | undefined) => ({ step: localBatchStep(net, optimizer, tracker), close: async () => {} });
const pooled = (options: TrainerOptions, workers: number) => async (net: InterpretableNet, optimizer: ReturnType<typeof createNetOptimizer>, tracker: ReturnType<typeof createCategoryTracker> | undefined, classes: number) =>
  startTrainingWorkers({ options, classes, net, optimizer, workers, workerScript, ...(tracker ? { categories: tracker } : {}) });

describe('training workers', () => {
  it('cut a batch into contiguous shards, as even as possible, of at least two images', () => {
    expect(shardSizes(32, 2)).toEqual([16, 16]);
    expect(shardSizes(33, 2)).toEqual([17, 16]);
    expect(shardSizes(8, 3)).toEqual([3, 3, 2]);
    expect(shardSizes(5, 4)).toEqual([3, 2]);
    expect(shardSizes(3, 2)).toEqual([3]);
    expect(shardSizes(1, 8)).toEqual([1]);
  });

  it('one worker trains exactly as this thread does (interpretable, multi-category: weights, figures, category EMAs)', async () => {
    const options = tinyOptions(['--category', 'alpha,beta,gamma', '--dropout', '0.5']);
    const tensors = tf.memory().numTensors;
    const here1 = await trainWith(options, local);
    const there = await trainWith(options, pooled(options, 1));
    expect(here1.figures.length).toBeGreaterThan(2);
    expect(there.figures).toEqual(here1.figures);
    expect(there.categories).toEqual(here1.categories);
    expect(weightsOf(there.net)).toEqual(weightsOf(here1.net));
    here1.net.dispose();
    there.net.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('two workers give the whole batch gradient of the classification loss (ordinary net without batch norm), and the same numbers twice', async () => {
    // vgg-small normalises each shard by its own batch statistics; VGG-16 has no batch norm, so the split is exact.
    const options = tinyOptions(['--no-interpretable', '--dropout', '0', '--backbone', 'vgg16', '--input-size', '32', '--partworld-images', '24']);
    const one = await trainWith(options, local);
    const two = await trainWith(options, pooled(options, 2));
    const again = await trainWith(options, pooled(options, 2));
    // Summing shard gradients weighted by shard size is the batch mean's gradient up to float32 rounding.
    const difference = maxRelativeDifference(weightsOf(one.net), weightsOf(two.net));
    expect(difference).toBeLessThan(1e-4);
    two.figures.forEach((f, i) => {
      expect(f.loss).toBeCloseTo(one.figures[i].loss, 4);
      expect(f.correct).toBe(one.figures[i].correct);
      expect(f.total).toBe(one.figures[i].total);
    });
    expect(weightsOf(again.net)).toEqual(weightsOf(two.net));
    expect(again.figures).toEqual(two.figures);
    for (const run of [one, two, again]) run.net.dispose();
  }, 120_000);

  it('trainNetwork --workers 2: stopped mid-epoch and resumed, it ends on the weights of the uninterrupted run', async () => {
    const options = tinyOptions(['--workers', '2']);
    const straight = await trainNetwork(options, { verbose: false, workerScript, forwardWorkerScript });
    expect(straight.epochs).toHaveLength(2);
    expect(straight.metrics!.locationInstability).toBeGreaterThan(0);
    const out = temporaryOut();
    const controller = new AbortController();
    const first = await trainNetwork({ ...options, out }, { verbose: false, workerScript, forwardWorkerScript, signal: controller.signal, onBatch: (epoch, batch) => epoch === 1 && batch === 2 && controller.abort() });
    expect(first.interrupted).toBe(true);
    first.net.dispose();
    const resumed = await trainNetwork({ ...options, out, resume: true }, { verbose: false, workerScript, forwardWorkerScript });
    expect(weightsOf(resumed.net)).toEqual(weightsOf(straight.net));
    straight.net.dispose();
    resumed.net.dispose();
  }, 120_000);

  it('a worker that dies ends the step with an error that names it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'icnn-worker-'));
    const script = join(folder, 'dies.mjs');
    writeFileSync(script, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const options = tinyOptions();
    const net = buildNet(options, 1);
    const optimizer = createNetOptimizer(net, {});
    const workers = await startTrainingWorkers({ options, classes: 1, net, optimizer, workers: 2, workerScript: script });
    const batch: TrainingBatch = { images: new Float32Array(4 * 16 * 16 * 3), shape: [4, 16, 16, 3], labels: new Float32Array([1, -1, 1, -1]) };
    await expect(workers.step(batch, { epoch: 1, learningRate: 0.01 })).rejects.toThrow(/training worker [01] exited \(code 3\)/);
    await workers.close();
    optimizer.dispose();
    net.dispose();
  }, 60_000);
});
