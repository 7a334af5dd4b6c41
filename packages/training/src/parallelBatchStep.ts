// Data-parallel training's coordinating side, whatever the workers are (Node worker_threads, Web Workers, or shard
// trainers on this thread): every batch is cut into contiguous shards, one per worker, each worker computes its
// shard's gradients from the same weights, and this thread sums them — weighted by shard size, in worker order, so
// the same seed and the same number of workers give the same numbers — and takes one optimiser step.
// What differs from one thread: the statistics the filter losses take over "the batch" (the authors' log Z, the
// −MI's partition, β's targets, the paper gradient's running log Z) are each worker's over its shard, as batch-norm
// statistics are per device in data-parallel training elsewhere (batch norm normalises each shard by its own
// statistics; the running mean and variance kept are the shard-size-weighted mean of the workers'); the
// classification gradient is the batch's exactly.
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet, MaskLayer } from '@icnn/model';
import type { BatchStep, StepFigures, TrainingBatch } from './batchStep';
import type { CategoryTracker } from './categoryTracker';
import { weightedSum } from './gradientSum';
import type { Sgd } from './sgd';
import type { ShardRequest, ShardResult, ShardTimings } from './shardProtocol';
import { shardRequests, shardSizes } from './shards';
import { tensorFromView } from './tensorFromView';
import { writeVariables, type VariableLayout } from './variableLayout';

/** One worker as the coordinating thread sees it: its shared buffers and a way to run a shard on it. */
export interface ShardWorker {
  gradients: Float32Array;
  state: Float32Array;
  run(request: ShardRequest): Promise<ShardResult>;
}

export interface ParallelBatchStepOptions {
  /** The net the optimiser updates (on a backend with synchronous reads: wasm or cpu). */
  net: InterpretableNet;
  optimizer: Sgd;
  categories?: CategoryTracker;
  layout: VariableLayout;
  /** The shared weights buffer every worker reads. */
  weights: Float32Array;
  /** In the fixed order of the sum. */
  workers: readonly ShardWorker[];
  /** Called after every step with where its time went (benchmarks). */
  onTimings?: (timings: ParallelStepTimings) => void;
}

/** One data-parallel step's time, ms: this thread's parts and each worker's own. */
export interface ParallelStepTimings {
  /** Copying the weights into the shared buffer. */
  writeWeightsMs: number;
  /** From handing out the shards to the last result (the workers' work, the messages, waiting for the slowest). */
  shardsMs: number;
  /** Folding batch-norm statistics, summing the gradients, the optimiser step and the category update. */
  combineMs: number;
  workers: ShardTimings[];
}

export function parallelBatchStep(options: ParallelBatchStepOptions): BatchStep {
  const { net, optimizer, categories, layout, weights, workers, onTimings } = options;
  const classes = net.options.classes;
  if (workers.length < 1) throw new RangeError('parallelBatchStep: needs at least one worker');
  // Every sum goes through one scratch array (as large as the largest variable), reused every step.
  const scratch = new Float32Array(Math.max(0, ...layout.slots.map((slot) => slot.size)));
  const summed = (buffers: Float32Array[], shares: number[], slot: VariableLayout['slots'][number]) =>
    tensorFromView(weightedSum(buffers, shares, slot, scratch), slot.shape);

  function applySummedGradients(results: ShardResult[], shares: number[], learningRate: number): void {
    const names = new Set(results.flatMap((result) => result.withGradient));
    const buffers = results.map((_, index) => workers[index].gradients);
    const gradients: Record<string, tf.Tensor> = {};
    for (const slot of layout.slots) {
      if (names.has(slot.name)) gradients[slot.name] = summed(buffers, shares, slot);
    }
    optimizer.step(gradients, learningRate);
    tf.dispose(Object.values(gradients));
  }

  /** Batch-norm running statistics: the shard-size-weighted mean of the workers'. */
  function foldMovedState(results: ShardResult[], shares: number[]): void {
    const names = new Set(results[0].moved);
    const buffers = results.map((_, index) => workers[index].state);
    for (const slot of layout.slots) {
      if (!names.has(slot.name)) continue;
      const value = summed(buffers, shares, slot);
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

  return async (batch, stepOptions) => {
    const started = performance.now();
    const count = batch.shape[0];
    const sizes = shardSizes(count, workers.length);
    writeVariables(net, layout, weights);
    const written = performance.now();
    const { learningRate: _learningRate, ...shardOptions } = stepOptions;
    const requests = shardRequests(batch, sizes, classes, shardOptions);
    const results = await Promise.all(requests.map((request, index) => workers[index].run(request)));
    const computed = performance.now();
    const shares = sizes.map((size) => size / count);
    foldMovedState(results, shares);
    applySummedGradients(results, shares, stepOptions.learningRate);
    if (categories !== undefined && classes > 1) await updateCategories(results, batch);
    onTimings?.({ writeWeightsMs: written - started, shardsMs: computed - written, combineMs: performance.now() - computed, workers: results.map((result) => result.timings) });
    const figures: StepFigures = { loss: 0, classification: 0, filterLoss: 0, correct: 0, total: 0 };
    results.forEach((result, index) => {
      for (const key of ['loss', 'classification', 'filterLoss'] as const) figures[key] += shares[index] * result[key];
      figures.correct += result.correct;
      figures.total += result.total;
    });
    return figures;
  };
}
