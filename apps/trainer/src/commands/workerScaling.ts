// `icnn bench` with N > 1 workers: training images/s on this thread (N = 1) and on N worker threads, measured in
// alternating rounds so that both see the same machine load, and their ratio (issue target: ≥ 1.7× at N = 2 on two
// cores). Random inputs; the run's backbone, width, input size and batch; one optimiser step per batch either way.
// `workerScalingSteps` hands out the two steps for benchmarks that interleave them with others (tools/bench).
import * as tf from '@tensorflow/tfjs-core';
import { createNetOptimizer, localBatchStep, type BatchStep, type ParallelStepTimings, type TrainingBatch } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import { startTrainingWorkers } from '../parallel/trainingWorkers';
import { buildNet } from '../run/buildNet';

export interface WorkerScaling {
  workers: number;
  oneThreadImagesPerSecond: number;
  workersImagesPerSecond: number;
  /** Median over the rounds of workers ÷ one thread. */
  speedup: number;
}

/** One training step of the same net on one random batch: on this thread, and across the workers. */
export interface WorkerScalingSteps {
  workers: number;
  oneThread(): Promise<void>;
  /** This thread's step on the first shard's images alone (what a worker computes, without the exchange). */
  oneThreadShard(): Promise<void>;
  onWorkers(): Promise<void>;
  /** Where each of the `onWorkers` steps so far spent its time, in order. */
  timings: ParallelStepTimings[];
  close(): Promise<void>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function workerScalingSteps(options: TrainerOptions, workers: number): Promise<WorkerScalingSteps> {
  const net = buildNet(options, 1);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay });
  const timings: ParallelStepTimings[] = [];
  const pool = await startTrainingWorkers({ options, classes: 1, net, optimizer, workers, onTimings: (t) => timings.push(t) });
  const [height, width] = net.inputShape;
  const batch: TrainingBatch = {
    images: tf.tidy(() => tf.randomNormal([options.batch, height, width, 3], 0, 1, 'float32', options.seed).dataSync() as Float32Array),
    shape: [options.batch, height, width, 3],
    labels: Float32Array.from({ length: options.batch }, (_, i) => (i % 2 === 0 ? 1 : -1)),
  };
  const local = localBatchStep(net, optimizer);
  const shard = Math.ceil(options.batch / pool.count);
  const perImage = height * width * 3;
  // The step transfers its shards' arrays to the workers: give it a copy.
  const run = async (step: BatchStep) => {
    await step({ ...batch, images: batch.images.slice(), labels: batch.labels.slice() }, { epoch: 1, learningRate: 1e-4 });
  };
  return {
    workers: pool.count,
    oneThread: () => run(local),
    oneThreadShard: () =>
      local({ images: batch.images.slice(0, shard * perImage), shape: [shard, height, width, 3], labels: batch.labels.slice(0, shard) }, { epoch: 1, learningRate: 1e-4 }).then(() => undefined),
    onWorkers: () => run(pool.step),
    timings,
    async close() {
      await pool.close();
      optimizer.dispose();
      net.dispose();
    },
  };
}

export async function workerScaling(options: TrainerOptions, workers: number, rounds: number): Promise<WorkerScaling> {
  const steps = await workerScalingSteps(options, workers);
  const time = async (step: () => Promise<void>) => {
    const started = performance.now();
    await step();
    return (options.batch * 1000) / (performance.now() - started);
  };
  try {
    await time(steps.oneThread); // the first steps compile and allocate
    await time(steps.onWorkers);
    const one: number[] = [];
    const many: number[] = [];
    for (let round = 0; round < rounds; round++) {
      one.push(await time(steps.oneThread));
      many.push(await time(steps.onWorkers));
    }
    // Each round's pair saw about the same load: the median of the per-round ratios is steadier than a ratio of medians.
    const speedup = median(many.map((v, round) => v / one[round]));
    return { workers: steps.workers, oneThreadImagesPerSecond: median(one), workersImagesPerSecond: median(many), speedup };
  } finally {
    await steps.close();
  }
}
