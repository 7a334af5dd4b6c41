// Data-parallel training on N worker threads, each with its own single-threaded backend (tfjs-wasm runs one thread
// in Node, and so do our SIMD gradient kernels): every batch is cut into N contiguous shards, each worker computes its
// shard's gradients from the same weights, the main thread sums them — weighted by shard size, in worker order, so
// the same seed and the same N give the same numbers — and takes one optimiser step.
// What differs from one thread: the statistics the filter losses take over "the batch" (the authors' log Z, the
// −MI's partition, β's targets, the paper gradient's running log Z) are each worker's over its shard, as batch-norm
// statistics are per device in data-parallel training elsewhere (batch norm normalises each shard by its own
// statistics; the running mean and variance kept are the shard-size-weighted mean of the workers'); the
// classification gradient is the batch's exactly.
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet, MaskLayer } from '@icnn/model';
import type { BatchStep, CategoryTracker, Sgd, StepFigures, TrainingBatch } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import { variableLayout, writeVariables, type VariableSlot } from './variableLayout';
import type { ShardRequest, ShardResult, WorkerReply, WorkerSetup } from './workerProtocol';

/** The most workers a run starts by default: past this the per-step exchange outweighs the shards' work. */
export const MAX_DEFAULT_WORKERS = 8;

/** Fewest images per shard: the filter losses compare images within a shard (−MI of one image is 0). */
const MIN_SHARD = 2;

/** `--workers` when not given: the cores (at most MAX_DEFAULT_WORKERS) on the CPU backends, 1 on a GPU. */
export function defaultWorkers(backend: string): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, cpus().length));
}

export interface TrainingWorkersOptions {
  options: TrainerOptions;
  classes: number;
  net: InterpretableNet;
  optimizer: Sgd;
  categories?: CategoryTracker;
  workers: number;
  /** The worker's script (default: trainWorker.js beside this bundle). */
  workerScript?: URL | string;
}

export interface TrainingWorkers {
  readonly count: number;
  /** Trains on a batch across the workers (runEpoch's `step`). */
  step: BatchStep;
  /** Stops the workers. */
  close(): Promise<void>;
}

interface PendingShard {
  resolve: (result: ShardResult) => void;
  reject: (error: Error) => void;
}

/** Contiguous shard sizes, as even as possible, none below MIN_SHARD (fewer shards for a small batch). */
export function shardSizes(batch: number, workers: number): number[] {
  const shards = Math.max(1, Math.min(workers, Math.floor(batch / MIN_SHARD)));
  return Array.from({ length: shards }, (_, i) => Math.floor(batch / shards) + (i < batch % shards ? 1 : 0));
}

export async function startTrainingWorkers(config: TrainingWorkersOptions): Promise<TrainingWorkers> {
  const { net, optimizer, categories, classes } = config;
  const layout = variableLayout(net);
  const weightsBuffer = new SharedArrayBuffer(layout.length * 4);
  const weights = new Float32Array(weightsBuffer);
  const script = config.workerScript ?? new URL('./trainWorker.js', import.meta.url);
  const workers: { thread: Worker; gradients: Float32Array; state: Float32Array; pending: PendingShard | null; dead: Error | null }[] = [];
  try {
    for (let index = 0; index < config.workers; index++) {
      const gradients = new SharedArrayBuffer(layout.length * 4);
      const state = new SharedArrayBuffer(layout.length * 4);
      const setup: WorkerSetup = { index, options: config.options, classes, layout, weights: weightsBuffer, gradients, state };
      const thread = new Worker(script, { workerData: setup });
      workers.push({ thread, gradients: new Float32Array(gradients), state: new Float32Array(state), pending: null, dead: null });
    }
    await Promise.all(workers.map((worker, index) => watch(worker, index)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
    throw error;
  }

  /** Resolves once the worker is ready; afterwards routes its replies and its death to the shard it is on. */
  function watch(worker: (typeof workers)[number], index: number): Promise<void> {
    return new Promise((ready, failed) => {
      const die = (error: Error) => {
        worker.dead = error;
        failed(error);
        worker.pending?.reject(error);
        worker.pending = null;
      };
      worker.thread.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') ready();
        else if (message.type === 'error') die(new Error(`training worker ${index}: ${message.message}`));
        else {
          const pending = worker.pending;
          worker.pending = null;
          pending?.resolve(message);
        }
      });
      worker.thread.on('error', (error) => die(new Error(`training worker ${index} failed: ${error.message}`)));
      worker.thread.on('exit', (code) => {
        if (worker.dead === null) die(new Error(`training worker ${index} exited (code ${code}) in the middle of the run`));
      });
    });
  }

  function runShard(index: number, request: ShardRequest): Promise<ShardResult> {
    const worker = workers[index];
    if (worker.dead !== null) return Promise.reject(worker.dead);
    return new Promise((resolve, reject) => {
      worker.pending = { resolve, reject };
      worker.thread.postMessage(request, [request.images.buffer as ArrayBuffer, request.labels.buffer as ArrayBuffer]);
    });
  }

  const step: BatchStep = async (batch, stepOptions) => {
    const count = batch.shape[0];
    const sizes = shardSizes(count, workers.length);
    writeVariables(net, layout, weights);
    const perImage = batch.images.length / count;
    let first = 0;
    const results = await Promise.all(
      sizes.map((size, index) => {
        const request: ShardRequest = {
          type: 'step',
          images: batch.images.slice(first * perImage, (first + size) * perImage),
          shape: [size, batch.shape[1], batch.shape[2], 3],
          labels: batch.labels.slice(first * classes, (first + size) * classes),
          epoch: stepOptions.epoch,
          // The run's weight is scale / B for the whole batch; a shard of b images gets scale / b, then b / B below.
          filterLossWeight: ((stepOptions.filterLossWeight ?? 1 / count) * count) / size,
          ...(stepOptions.dropoutSeed !== undefined ? { dropoutSeed: stepOptions.dropoutSeed + index * 7_919 } : {}),
          ...(stepOptions.filterCategories !== undefined ? { filterCategories: stepOptions.filterCategories } : {}),
          ...(stepOptions.layerCategories !== undefined ? { layerCategories: stepOptions.layerCategories } : {}),
        };
        first += size;
        return runShard(index, request);
      }),
    );
    const shares = sizes.map((size) => size / count);
    foldMovedState(results, shares);
    applySummedGradients(results, shares, stepOptions.learningRate);
    if (categories !== undefined && classes > 1) await updateCategories(results, batch);
    const figures: StepFigures = { loss: 0, classification: 0, filterLoss: 0, correct: 0, total: 0 };
    results.forEach((result, index) => {
      for (const key of ['loss', 'classification', 'filterLoss'] as const) figures[key] += shares[index] * result[key];
      figures.correct += result.correct;
      figures.total += result.total;
    });
    return figures;
  };

  /** Σ share × buffer over the workers, in worker order, for one variable's slot. */
  function weightedSum(buffers: Float32Array[], shares: number[], slot: VariableSlot): Float32Array {
    const sum = new Float32Array(slot.size);
    buffers.forEach((buffer, index) => {
      const share = shares[index];
      for (let i = 0; i < slot.size; i++) sum[i] += share * buffer[slot.offset + i];
    });
    return sum;
  }

  function applySummedGradients(results: ShardResult[], shares: number[], learningRate: number): void {
    const names = new Set(results.flatMap((result) => result.withGradient));
    const buffers = results.map((_, index) => workers[index].gradients);
    const gradients: Record<string, tf.Tensor> = {};
    for (const slot of layout.slots) {
      if (names.has(slot.name)) gradients[slot.name] = tf.tensor(weightedSum(buffers, shares, slot), slot.shape, 'float32');
    }
    optimizer.step(gradients, learningRate);
    tf.dispose(Object.values(gradients));
  }

  function foldMovedState(results: ShardResult[], shares: number[]): void {
    const names = new Set(results[0].moved);
    const buffers = results.map((_, index) => workers[index].state);
    for (const slot of layout.slots) {
      if (!names.has(slot.name)) continue;
      const value = tf.tensor(weightedSum(buffers, shares, slot), slot.shape, 'float32');
      net.variables[slot.name].assign(value);
      value.dispose();
    }
  }

  /** The category EMAs need each image's spatial maximum per filter: a [B, 1, 1, C] map has exactly those. */
  async function updateCategories(results: ShardResult[], batch: TrainingBatch): Promise<void> {
    const maps: Partial<Record<MaskLayer, tf.Tensor4D>> = {};
    for (const layer of Object.keys(results[0].maskMaxima) as MaskLayer[]) {
      const parts = results.map((result) => result.maskMaxima[layer]!);
      const joined = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
      let at = 0;
      for (const part of parts) {
        joined.set(part, at);
        at += part.length;
      }
      maps[layer] = tf.tensor4d(joined, [batch.shape[0], 1, 1, joined.length / batch.shape[0]]);
    }
    const labels = tf.tensor2d(batch.labels, [batch.shape[0], classes]);
    try {
      await categories!.update(maps, labels);
    } finally {
      tf.dispose([labels, ...Object.values(maps)]);
    }
  }

  return {
    count: workers.length,
    step,
    async close() {
      for (const worker of workers) worker.dead ??= new Error('training workers closed');
      await Promise.all(workers.map((worker) => worker.thread.terminate()));
    },
  };
}

