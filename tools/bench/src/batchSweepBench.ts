// One thread's training step of the trainer's interpretable vgg-small (×0.25, 64×64, `authors`, one optimiser step)
// at batch 1 … 32, in interleaved rounds, and the least-squares line through the medians: time = fixed + perImage ×
// batch. Each data-parallel worker pays the fixed part again on its shard, so before any exchange N workers can be at
// most (fixed + perImage·B) / (fixed + perImage·B/N) times faster at batch B; the workers bench's shortfall below that
// bound is the exchange, the wait for the slower worker and the two cores slowing each other.
import * as tf from '@tensorflow/tfjs-core';
import { buildNet, resolveOptions } from '@icnn/trainer';
import { createNetOptimizer, localBatchStep, type TrainingBatch } from '@icnn/training';
import type { BenchContext, BenchResult } from './benchmark';
import { linearFit, median, timeInterleaved } from './stats';

const BATCHES = [1, 2, 4, 8, 16, 32];
const SIDE = 64;

export async function batchSweepBench(context: BenchContext): Promise<BenchResult> {
  const tensorsBefore = tf.memory().numTensors;
  const { options } = resolveOptions(['--backbone', 'vgg-small', '--width', '0.25', '--input-size', String(SIDE)]);
  const net = buildNet(options, 1);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay });
  let times: number[][];
  try {
    const step = localBatchStep(net, optimizer);
    const batches = BATCHES.map((size): TrainingBatch => ({
      images: tf.tidy(() => tf.randomNormal([size, SIDE, SIDE, 3], 0, 1, 'float32', size).dataSync() as Float32Array),
      shape: [size, SIDE, SIDE, 3],
      labels: Float32Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 1 : -1)),
    }));
    const tasks = batches.map((batch) => async () => void (await step(batch, { epoch: 1, learningRate: 1e-4 })));
    times = await timeInterleaved(tasks, 2, Math.max(context.runs, 5));
  } finally {
    optimizer.dispose();
    net.dispose();
  }
  const medians = times.map(median);
  const { intercept: fixedMs, slope: perImageMs } = linearFit(BATCHES, medians);
  const full = BATCHES[BATCHES.length - 1];
  const bound = (workers: number) => (fixedMs + perImageMs * full) / (fixedMs + (perImageMs * full) / workers);
  const leaked = tf.memory().numTensors - tensorsBefore;
  return {
    name: 'batchSweep',
    lines: [
      `one thread, interpretable vgg-small ×0.25 at ${SIDE}×${SIDE}, a training step by batch (${Math.max(context.runs, 5)} interleaved rounds, medians):`,
      `  ${BATCHES.map((b, i) => `batch ${b} ${medians[i].toFixed(1)} ms`).join(', ')}`,
      `  least squares: ${fixedMs.toFixed(1)} ms per step + ${perImageMs.toFixed(2)} ms per image; each worker pays the fixed part again, which bounds 2 workers at batch ${full} at ×${bound(2).toFixed(2)} before any exchange`,
      ...(leaked !== 0 ? [`  WARNING: ${leaked} tensors leaked`] : []),
    ],
    json: { batches: BATCHES, medianMs: medians, fixedMs, perImageMs, boundTwoWorkers: bound(2), leakedTensors: leaked },
  };
}
