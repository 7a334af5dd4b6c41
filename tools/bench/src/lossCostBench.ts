// What the interpretable layer adds to a training step: partMask + filterLoss, forward and backward, on a
// VGG-16-sized top layer [32, 14, 14, 512], as a fraction of one training step (forward, input and filter
// gradients) of the 3×3×512×512 conv that produces that layer. Target: ≤ 10% for every gradient variant.
import * as tf from '@tensorflow/tfjs-core';
import { filterLoss, partMask, type FilterGradient } from '@icnn/core';
import { createTemplates, disposeTemplates } from '@icnn/templates';
import type { BenchContext, BenchResult } from './benchmark';
import { median, medianRatio, timeInterleaved } from './stats';

export interface LossCostOptions {
  shape: [number, number, number, number];
  warmup: number;
}

export const DEFAULT_LOSS_COST: LossCostOptions = { shape: [32, 14, 14, 512], warmup: 1 };
const TARGET = 0.1;

/** One value-and-gradient of `f` with respect to `x`, the gradient read back so that the work is really done. */
function gradientOnce(x: tf.Tensor4D, f: (x: tf.Tensor4D) => tf.Tensor): () => Promise<void> {
  return async () => {
    const grad = tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(f(v as tf.Tensor4D)))(x));
    await grad.data();
    grad.dispose();
  };
}

export async function lossCostBench(context: BenchContext, options: LossCostOptions = DEFAULT_LOSS_COST): Promise<BenchResult> {
  const [batch, n, , channels] = options.shape;
  const runs = Math.max(3, Math.min(context.runs, 5));
  const input = tf.randomUniform(options.shape, 0, 1, 'float32', 1) as tf.Tensor4D;
  const kernel = tf.randomNormal([3, 3, channels, channels], 0, 0.02, 'float32', 2) as tf.Tensor4D;
  const templates = createTemplates({ n });
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i % 4 === 3 ? -1 : 1)));

  // The conv's training step: forward, dX and dW, all three timed (only the product is needed to read back).
  const convStepOnce = async () => {
    const [dx, dw] = tf.tidy(() => tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))([input, kernel]));
    await Promise.all([dx.data(), dw.data()]);
    tf.dispose([dx, dw]);
  };
  const maps = tf.relu(tf.conv2d(input, kernel, 1, 'same')) as tf.Tensor4D;
  const variants: FilterGradient[] = ['exact', 'paper', 'authors'];
  const lossOnce = variants.map((gradient) => {
    const variant = gradient === 'authors' ? 'authors' : 'paper';
    return gradientOnce(maps, (x) => tf.add(filterLoss(x, templates, { gradient, labels, checkFinite: false }), tf.sum(partMask(x, { variant }))));
  });
  // Each round times the conv step and then every variant, so that a share compares timings taken under one load.
  const [convTimes, ...variantTimes] = await timeInterleaved([convStepOnce, ...lossOnce], options.warmup, runs);
  const convStep = median(convTimes);
  const perVariant: Record<string, { ms: number; fraction: number }> = {};
  variants.forEach((gradient, i) => {
    perVariant[gradient] = { ms: median(variantTimes[i]), fraction: medianRatio(variantTimes[i], convTimes) };
  });
  tf.dispose([input, kernel, maps, labels]);
  disposeTemplates(templates);

  const lines = [
    `interpretable layer cost on [${options.shape}] (partMask + filterLoss, forward + backward) vs the 3×3×${channels}×${channels} conv's training step (${convStep.toFixed(0)} ms, median of ${runs} rounds):`,
    ...variants.map(
      (g) =>
        `  ${g.padEnd(8)} ${perVariant[g].ms.toFixed(1).padStart(7)} ms = ${(100 * perVariant[g].fraction).toFixed(1)}% of the conv step (target ≤ ${100 * TARGET}%)`,
    ),
    `  share: median over rounds of the variant's time ÷ the conv step's time in the same round`,
  ];
  return { name: 'lossCost', lines, json: { shape: options.shape, convStepMs: convStep, variants: perVariant, target: TARGET } };
}
