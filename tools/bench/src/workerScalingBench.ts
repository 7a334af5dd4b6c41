// Training images/s on this thread (N = 1) and on N worker threads, for the 4-conv CNN (cnnWorkers) and the trainer's
// interpretable vgg-small (64×64, batch 32, through @icnn/trainer's workers), all timed in the same alternating
// rounds so that every pair sees the same load (issue 14's target: ≥ 1.7× at N = 2 on two cores for both). Beside
// them, where a CNN worker step's time goes, and this thread's step on a shard-sized batch: how much of the gap to
// N× is the smaller batch's own inefficiency rather than the exchange.
import * as tf from '@tensorflow/tfjs-core';
import { resolveOptions, workerScalingSteps, type WorkerScalingSteps } from '@icnn/trainer';
import type { BenchContext, BenchResult } from './benchmark';
import { startCnnWorkers, type CnnStepTimes, type CnnWorkers } from './cnnWorkers';
import { median, medianRatio, timeInterleaved } from './stats';
import { countStepFlops, createModel, DEFAULT_TRAINING_STEP, disposeModel, forwardLoss, modelVariables } from './trainingStepBench';

export interface Scaling {
  name: string;
  batch: number;
  workers: number;
  oneThreadImagesPerSecond: number;
  workersImagesPerSecond: number;
  /** Median over rounds of (one thread's step time ÷ the workers' step time). */
  speedup: number;
}

/** Where a worker step's time went, for both workloads (medians over the timed steps, ms). */
export interface StepBreakdown extends Scaling {
  /** One thread's step on a shard-sized batch and on the whole batch. */
  shardStepMs: number;
  fullStepMs: number;
  /** Gradient time by rank within each step, fastest worker first: the median over steps of each rank's. */
  rankedGradientMs: number[];
  /** A worker's reading of the weights and writing of its results. */
  workerReadWriteMs: number;
  /** This thread: the weights into shared memory; the sum of the gradients and the update (and, for the trainer's
   * step, batch-norm statistics and category EMAs). */
  writeWeightsMs: number;
  combineMs: number;
  /** The workers' phase of a step as this thread saw it (shards out to the last result), and how much of it the
   * faster worker's own timers do not account for (messages, and waiting for the slower worker). */
  shardsMs: number;
  waitMs: number;
}

export interface CnnScaling extends StepBreakdown {
  /** Messages' latency, medians over workers and steps: post → the worker has it, its reply → this thread has it. */
  toWorkerMs: number;
  fromWorkerMs: number;
  /** Bench (a)'s ratio per worker: the worker's step GFLOP/s on its shard ÷ one thread's matMul GFLOP/s. */
  workerRatio: number;
}

interface TimedStep {
  writeWeightsMs: number;
  shardsMs: number;
  combineMs: number;
  workers: { readMs: number; gradientMs: number; writeMs: number }[];
}

/** The breakdown's medians over the timed steps. */
function breakdownOf(steps: readonly TimedStep[], fullStepMs: number, shardStepMs: number) {
  const own = (w: TimedStep['workers'][number]) => w.readMs + w.gradientMs + w.writeMs;
  return {
    fullStepMs,
    shardStepMs,
    rankedGradientMs: steps[0].workers.map((_, rank) => median(steps.map((s) => s.workers.map((w) => w.gradientMs).sort((a, b) => a - b)[rank]))),
    workerReadWriteMs: median(steps.flatMap((s) => s.workers.map((w) => w.readMs + w.writeMs))),
    writeWeightsMs: median(steps.map((s) => s.writeWeightsMs)),
    combineMs: median(steps.map((s) => s.combineMs)),
    shardsMs: median(steps.map((s) => s.shardsMs)),
    waitMs: median(steps.map((s) => s.shardsMs - Math.min(...s.workers.map(own)))),
  };
}

/** A workload's timed tasks and how to turn their times into a row. */
interface Workload<R> {
  tasks: (() => Promise<void>)[];
  result(times: number[][], rounds: number): R;
  close(): Promise<void>;
}

/** The CNN at each of `batches`: one model, optimiser and pool serve them all (the model does not depend on the batch). */
async function cnnWorkload(batches: number[], workers: number, matMulGflops: number): Promise<Workload<CnnScaling[]>> {
  const options = DEFAULT_TRAINING_STEP;
  const model = createModel(options);
  const variables = modelVariables(model);
  const optimizer = tf.train.sgd(options.learningRate);
  const side = options.inputSize;
  const inputs = batches.map((batch) => {
    const shard = Math.ceil(batch / workers);
    const images = tf.randomUniform([batch, side, side, 3], 0, 1, 'float32', 30) as tf.Tensor4D;
    const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, options.classes, 'int32', 31) as tf.Tensor1D, options.classes) as tf.Tensor2D);
    return { batch, shard, images, labels, shardImages: tf.slice(images, 0, shard), shardLabels: tf.slice(labels, 0, shard), imageData: images.dataSync() as Float32Array, labelData: labels.dataSync() as Float32Array };
  });
  const localStep = (x: tf.Tensor4D, y: tf.Tensor2D, size: number) => async () => {
    const loss = optimizer.minimize(() => forwardLoss(model, { batch: size, layers: options.layers }, x, y), true, variables);
    await loss!.data(); // read back: the whole step has run
    loss!.dispose();
  };
  const release = () => {
    optimizer.dispose();
    tf.dispose(inputs.flatMap((i) => [i.images, i.labels, i.shardImages, i.shardLabels]));
    disposeModel(model);
  };
  let pool: CnnWorkers;
  try {
    pool = await startCnnWorkers(options, model, optimizer, workers);
  } catch (error) {
    release();
    throw error;
  }
  const steps = inputs.map((): CnnStepTimes[] => []);
  return {
    // Per batch: this thread, the workers (the pool's step slices copies of the arrays for them), this thread on a shard.
    tasks: inputs.flatMap((i, n) => [
      localStep(i.images, i.labels, i.batch),
      async () => void steps[n].push(await pool.step(i.imageData, i.labelData, i.batch)),
      localStep(i.shardImages, i.shardLabels, i.shard),
    ]),
    result(times, rounds) {
      return inputs.map(({ batch }, n) => {
        const [full, many, part] = times.slice(3 * n, 3 * n + 3);
        const timed = steps[n].slice(-rounds);
        const shard = inputs[n].shard;
        const breakdown = breakdownOf(timed, median(full), median(part));
        return {
          name: '4-conv CNN',
          batch,
          workers,
          oneThreadImagesPerSecond: (batch * 1000) / median(full),
          workersImagesPerSecond: (batch * 1000) / median(many),
          speedup: medianRatio(full, many),
          ...breakdown,
          toWorkerMs: median(timed.flatMap((s) => s.workers.map((w) => w.toWorkerMs))),
          fromWorkerMs: median(timed.flatMap((s) => s.workers.map((w) => w.fromWorkerMs))),
          workerRatio: countStepFlops({ batch: shard, layers: options.layers, classes: options.classes }).total / (median(timed.flatMap((s) => s.workers.map((w) => w.gradientMs))) * 1e6) / matMulGflops,
        };
      });
    },
    async close() {
      await pool.close();
      release();
    },
  };
}

async function vggWorkload(batch: number, workers: number): Promise<Workload<StepBreakdown[]>> {
  const { options } = resolveOptions(['--backbone', 'vgg-small', '--width', '0.25', '--input-size', '64', '--batch', String(batch)]);
  const steps: WorkerScalingSteps = await workerScalingSteps(options, workers);
  return {
    tasks: [steps.oneThread, steps.onWorkers, steps.oneThreadShard],
    result: ([one, many, part], rounds) => [
      {
        name: 'interpretable vgg-small ×0.25',
        batch,
        workers: steps.workers,
        oneThreadImagesPerSecond: (batch * 1000) / median(one),
        workersImagesPerSecond: (batch * 1000) / median(many),
        speedup: medianRatio(one, many),
        ...breakdownOf(steps.timings.slice(-rounds), median(one), median(part)),
      },
    ],
    close: () => steps.close(),
  };
}

export async function workerScalingBench(context: BenchContext, workers = 2): Promise<BenchResult> {
  const tensorsBefore = tf.memory().numTensors;
  const rounds = Math.max(context.runs, 5);
  const workloads: Workload<StepBreakdown[]>[] = [];
  let rows: StepBreakdown[];
  try {
    // One at a time, so that a failure closes those already started.
    workloads.push(await cnnWorkload([16, 32], workers, context.matMulGflops));
    workloads.push(await vggWorkload(32, workers));
    const times = await timeInterleaved(
      workloads.flatMap((w) => w.tasks),
      2,
      rounds,
    );
    let at = 0;
    rows = workloads.flatMap((w) => {
      const own = times.slice(at, at + w.tasks.length);
      at += w.tasks.length;
      return w.result(own, rounds);
    });
  } finally {
    for (const w of workloads) await w.close();
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  const lines = [`workers: this thread vs ${workers} worker threads, 64×64, ${rounds} alternating rounds of every step below (target ≥ 1.7× at 2 workers)`];
  for (const r of rows) {
    lines.push(`  ${r.name}, batch ${r.batch}: 1 thread ${r.oneThreadImagesPerSecond.toFixed(1)} img/s, ${r.workers} workers ${r.workersImagesPerSecond.toFixed(1)} img/s: ×${r.speedup.toFixed(2)}`);
    lines.push(
      `    one thread: batch ${r.batch} ${r.fullStepMs.toFixed(0)} ms, batch ${Math.ceil(r.batch / r.workers)} ${r.shardStepMs.toFixed(0)} ms (the smaller batch alone bounds the speedup at ×${(r.fullStepMs / r.shardStepMs).toFixed(2)})`,
      `    worker step: gradients (faster … slower worker of each step) ${r.rankedGradientMs.map((ms) => ms.toFixed(0)).join(' … ')} ms, weights in + results out ${r.workerReadWriteMs.toFixed(1)} ms; this thread: weights ${r.writeWeightsMs.toFixed(1)} ms, sum + update ${r.combineMs.toFixed(1)} ms`,
    );
    const messages = 'toWorkerMs' in r ? `messages: to a worker ${(r as CnnScaling).toWorkerMs.toFixed(1)} ms, back ${(r as CnnScaling).fromWorkerMs.toFixed(1)} ms; ` : 'messages, ';
    lines.push(`    workers' phase ${r.shardsMs.toFixed(0)} ms, of it ${r.waitMs.toFixed(1)} ms beyond the faster worker's own work (${messages}waiting for the slower one)`);
    if ('workerRatio' in r) {
      const c = r as CnnScaling;
      lines.push(`    per worker ${(c.workerRatio * context.matMulGflops).toFixed(1)} GFLOP/s, ratio ${c.workerRatio.toFixed(2)} of one thread's matMul (bench (a)'s target ≥ 0.75)`);
    }
  }
  if (leaked !== 0) lines.push(`  WARNING: ${leaked} tensors leaked`);
  return { name: 'workers', lines, json: { workers, rounds, rows, leakedTensors: leaked } };
}
