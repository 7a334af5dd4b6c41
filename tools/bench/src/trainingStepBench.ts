// One SGD training step of a small 4-conv CNN (64×64 input, batch 16) on the active backend: forward, backward and
// update, timed with the loss read back. Its speed is compared with the backend's own matMul speed: a training
// step is almost all convolutions, so a well-composed set of kernels should get close to matMul's GFLOP/s.
import * as tf from '@tensorflow/tfjs-core';
import type { BenchContext, BenchResult } from './benchmark';
import { formatBreakdown, profileKernels } from './kernelProfile';
import type { MatMulProbe } from './matMulBench';
import { gflops, median, medianRatio, timeInterleaved } from './stats';

export interface ConvLayer {
  kernel: number;
  inChannels: number;
  outChannels: number;
  /** Input (= output, 'same' padding, stride 1) height and width. */
  size: number;
  /** Whether a 2×2 stride-2 max-pool follows. */
  pool: boolean;
}

export interface TrainingStepOptions {
  batch: number;
  inputSize: number;
  classes: number;
  layers: ConvLayer[];
  warmup: number;
  runs: number;
  learningRate: number;
}

/** 3×3 'same' convs with ReLU: 3→32→32, pool, 32→64→64, pool, dense 16·16·64 → 10. */
export const DEFAULT_LAYERS: ConvLayer[] = [
  { kernel: 3, inChannels: 3, outChannels: 32, size: 64, pool: false },
  { kernel: 3, inChannels: 32, outChannels: 32, size: 64, pool: true },
  { kernel: 3, inChannels: 32, outChannels: 64, size: 32, pool: false },
  { kernel: 3, inChannels: 64, outChannels: 64, size: 32, pool: true },
];

export const DEFAULT_TRAINING_STEP: TrainingStepOptions = {
  batch: 16,
  inputSize: 64,
  classes: 10,
  layers: DEFAULT_LAYERS,
  warmup: 2,
  runs: 5,
  learningRate: 0.01,
};

export interface StepFlops {
  /** Per conv layer: forward, input gradient (0 for the first layer: nothing needs it), filter gradient. */
  conv: { forward: number; dx: number; dw: number }[];
  /** The dense head's matMuls: forward, input gradient, weight gradient. */
  dense: number;
  total: number;
}

/** Multiply-add FLOPs (2 per MAC) of one step; element-wise work (bias, ReLU, pooling, loss, update) not counted. */
export function countStepFlops(options: Pick<TrainingStepOptions, 'batch' | 'layers' | 'classes'>): StepFlops {
  const conv = options.layers.map((l, i) => {
    const forward = 2 * l.kernel * l.kernel * l.inChannels * l.outChannels * l.size * l.size * options.batch;
    return { forward, dx: i === 0 ? 0 : forward, dw: forward };
  });
  const dense = 3 * 2 * options.batch * flattenedSize(options.layers) * options.classes;
  const total = conv.reduce((sum, c) => sum + c.forward + c.dx + c.dw, 0) + dense;
  return { conv, dense, total };
}

function flattenedSize(layers: ConvLayer[]): number {
  const last = layers[layers.length - 1];
  const side = last.pool ? last.size / 2 : last.size;
  return side * side * last.outChannels;
}

export interface Model {
  filters: tf.Variable<tf.Rank.R4>[];
  biases: tf.Variable<tf.Rank.R1>[];
  dense: tf.Variable<tf.Rank.R2>;
  denseBias: tf.Variable<tf.Rank.R1>;
}

export function createModel(options: Pick<TrainingStepOptions, 'layers' | 'classes'>): Model {
  return tf.tidy(() => {
    const filters = options.layers.map((l, i) => {
      const fanIn = l.kernel * l.kernel * l.inChannels;
      const init = tf.randomNormal([l.kernel, l.kernel, l.inChannels, l.outChannels], 0, Math.sqrt(2 / fanIn), 'float32', 10 + i);
      return tf.variable(init as tf.Tensor4D, true, `conv${i + 1}/kernel`);
    });
    const biases = options.layers.map((l, i) => tf.variable(tf.zeros([l.outChannels]) as tf.Tensor1D, true, `conv${i + 1}/bias`));
    const inputs = flattenedSize(options.layers);
    const dense = tf.variable(tf.randomNormal([inputs, options.classes], 0, Math.sqrt(1 / inputs), 'float32', 20) as tf.Tensor2D, true, 'dense/kernel');
    const denseBias = tf.variable(tf.zeros([options.classes]) as tf.Tensor1D, true, 'dense/bias');
    return { filters, biases, dense, denseBias };
  });
}

/** The model's variables in one fixed order (the order of the workers' shared buffers). */
export function modelVariables(model: Model): tf.Variable[] {
  return [...model.filters, ...model.biases, model.dense, model.denseBias];
}

export function disposeModel(model: Model): void {
  for (const v of modelVariables(model)) v.dispose();
}

export function forwardLoss(model: Model, options: Pick<TrainingStepOptions, 'batch' | 'layers'>, images: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
  let h: tf.Tensor4D = images;
  options.layers.forEach((l, i) => {
    // Three ops, not tf.fused.conv2d: under a gradient tape tfjs runs a fused conv with ReLU unfused anyway.
    h = tf.relu(tf.add(tf.conv2d(h, model.filters[i], 1, 'same'), model.biases[i])) as tf.Tensor4D;
    if (l.pool) h = tf.maxPool(h, 2, 2, 'valid');
  });
  const flat = tf.reshape(h, [options.batch, -1]) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(flat, model.dense), model.denseBias);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

export interface TrainingStepResult {
  flops: StepFlops;
  ms: number;
  timesMs: number[];
  gflops: number;
  /** The matMul's times, interleaved with the step's, and its GFLOP/s from their median. */
  matMulTimesMs: number[];
  matMulGflops: number;
  /** Median over runs of (step GFLOP/s) / (matMul GFLOP/s), each pair timed back to back. */
  ratio: number;
  finalLoss: number;
  breakdown: Awaited<ReturnType<typeof profileKernels>>;
}

export async function measureTrainingStep(
  matMul: MatMulProbe,
  overrides: Partial<TrainingStepOptions> = {},
): Promise<TrainingStepResult> {
  const options = { ...DEFAULT_TRAINING_STEP, ...overrides };
  const flops = countStepFlops(options);
  const model = createModel(options);
  const images = tf.randomUniform([options.batch, options.inputSize, options.inputSize, 3], 0, 1, 'float32', 30) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([options.batch], 0, options.classes, 'int32', 31) as tf.Tensor1D, options.classes) as tf.Tensor2D);
  const optimizer = tf.train.sgd(options.learningRate);
  const varList = modelVariables(model);
  let finalLoss = Number.NaN;
  const step = async () => {
    const loss = optimizer.minimize(() => forwardLoss(model, options, images, labels), true, varList);
    if (loss == null) throw new Error('optimizer.minimize returned no loss');
    finalLoss = (await loss.data())[0]; // read back: the whole step has run
    loss.dispose();
  };
  try {
    const [timesMs, matMulTimesMs] = await timeInterleaved([step, () => matMul.once()], options.warmup, options.runs);
    const breakdown = await profileKernels(step);
    const ms = median(timesMs);
    const ratio = (flops.total / matMul.flops) * medianRatio(matMulTimesMs, timesMs);
    const matMulGflops = gflops(matMul.flops, median(matMulTimesMs));
    return { flops, ms, timesMs, gflops: gflops(flops.total, ms), matMulTimesMs, matMulGflops, ratio, finalLoss, breakdown };
  } finally {
    optimizer.dispose();
    images.dispose();
    labels.dispose();
    disposeModel(model);
  }
}

/** The training-step benchmark as bench.ts runs it. */
export async function trainingStepBench(context: BenchContext, overrides: Partial<TrainingStepOptions> = {}): Promise<BenchResult> {
  const tensorsBefore = tf.memory().numTensors;
  const r = await measureTrainingStep(context.matMul, { runs: context.runs, ...overrides });
  const leaked = tf.memory().numTensors - tensorsBefore;
  const options = { ...DEFAULT_TRAINING_STEP, ...overrides };
  const arch = options.layers.map((l) => `${l.kernel}×${l.kernel} ${l.inChannels}→${l.outChannels}${l.pool ? ' pool' : ''}`).join(', ');
  const gf = r.flops.total / 1e9;
  const label = `training step (4-conv CNN, ${options.inputSize}×${options.inputSize}, batch ${options.batch}, ${gf.toFixed(2)} GFLOP)`;
  const lines = [
    `${label}: ${r.ms.toFixed(0)} ms, ${r.gflops.toFixed(1)} GFLOP/s, ratio ${r.ratio.toFixed(2)} (target ≥ 0.75)`,
    `  ratio: median over ${r.timesMs.length} runs of step GFLOP/s ÷ matMul GFLOP/s, each step timed right after a matMul (matMul ${r.matMulGflops.toFixed(1)} GFLOP/s in these runs)`,
    `  network: ${arch}, dense → ${options.classes}; step times ${r.timesMs.map((t) => t.toFixed(0)).join(' ')} ms; loss ${r.finalLoss.toFixed(4)}`,
    `  FLOPs: conv ${r.flops.conv.map((c) => ((c.forward + c.dx + c.dw) / 1e9).toFixed(3)).join(' + ')} G (fwd + dX + dW; no dX for conv1), dense ${(r.flops.dense / 1e9).toFixed(3)} G`,
    `  kernel time of one profiled step: ${r.breakdown.totalMs.toFixed(0)} ms`,
    ...formatBreakdown(r.breakdown, '    '),
  ];
  if (leaked !== 0) lines.push(`  WARNING: ${leaked} tensors leaked`);
  return {
    name: 'trainingStep',
    lines,
    json: { ...r, leakedTensors: leaked, batch: options.batch, inputSize: options.inputSize, layers: options.layers },
  };
}
