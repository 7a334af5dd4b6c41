// Part (a): the loss, every gradient and one momentum step of the same net, on the same inputs and weights, on a
// candidate backend (webgpu) and on the cpu backend. Every read is asynchronous, and each backend only touches
// tensors it made (moving a tensor between backends is a synchronous read, which WebGPU in Node cannot do).
import * as tf from '@tensorflow/tfjs-core';
import { buildVgg16Net, describeNet, syntheticBatchValues, type NetChoice, type NetSize } from './netSizes';
import { relativeError } from './stats';
import { createTrainer, lossAndGradients } from './trainingStep';

export interface Check {
  name: string;
  relativeError: number;
  pass: boolean;
  /** For a check over many tensors: the one with the largest error. */
  worst?: string;
}

export interface NetComparison {
  net: string;
  checks: Check[];
  pass: boolean;
}

type Values = Record<string, Float32Array>;

interface Outcome {
  losses: Values;
  gradients: Values;
  /** Trainable variables after one momentum step. */
  after: Values;
}

const STEP = { learningRate: 0.01, momentum: 0.9, dropoutSeed: 11 };

async function read(tensors: Record<string, tf.Tensor>): Promise<Values> {
  const entries = await Promise.all(Object.entries(tensors).map(async ([name, t]) => [name, Float32Array.from(await t.data())] as const));
  return Object.fromEntries(entries);
}

/** Builds the net on the active backend, loads `weights` (when given), and computes what is compared. */
async function runOn(backend: string, size: NetSize, choice: NetChoice, weights?: Values): Promise<{ outcome: Outcome; weights: Values }> {
  await tf.setBackend(backend);
  const net = buildVgg16Net(size, choice);
  try {
    if (weights) {
      for (const [name, v] of Object.entries(net.variables)) tf.tidy(() => v.assign(tf.tensor(weights[name], v.shape)));
    }
    const before = await read(net.variables);
    const { x: xValues, labels: labelValues } = syntheticBatchValues(size, 3);
    const x = tf.tensor4d(xValues, [size.batch, size.inputSize, size.inputSize, 3]);
    const labels = tf.tensor1d(labelValues);
    const { parts, gradients } = lossAndGradients(net, x, labels, STEP);
    const losses = await read({ ...parts });
    const gradientValues = await read(gradients);
    tf.dispose([...Object.values(parts), ...Object.values(gradients)]);
    const trainer = createTrainer(net, STEP);
    tf.dispose(trainer.step(x, labels));
    trainer.dispose();
    const after = await read(Object.fromEntries(net.trainableVariables().map((v) => [stableName(net.variables, v), v])));
    tf.dispose([x, labels]);
    return { outcome: { losses, gradients: gradientValues, after }, weights: before };
  } finally {
    net.dispose();
  }
}

function stableName(variables: Record<string, tf.Variable>, v: tf.Variable): string {
  const found = Object.entries(variables).find(([, candidate]) => candidate === v);
  if (!found) throw new Error(`variable ${v.name} is not among the net's variables`);
  return found[0];
}

/** The spacing of float32 numbers at |x| (one unit in the last place). */
export function float32Ulp(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/**
 * The error of one step: the updated weights' difference, less the rounding both backends may do when they add the
 * update to a weight (two float32 ulps of the weight), relative to the largest update of the reference. A plain
 * difference of (after − before) on each side would be mostly rounding where weights are large and updates small.
 */
export function stepError(after: Float32Array, expectedAfter: Float32Array, before: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expectedAfter.length; i++) {
    const d = Math.abs(after[i] - expectedAfter[i]);
    if (Number.isNaN(d)) return Number.NaN;
    diff = Math.max(diff, d - 2 * float32Ulp(expectedAfter[i]));
    scale = Math.max(scale, Math.abs(expectedAfter[i] - before[i]));
  }
  return Math.max(0, scale === 0 ? diff : diff / scale);
}

/** The largest error over a set of tensors, and which tensor it was. */
function worstOf(
  name: string,
  actual: Values,
  expected: Values,
  tolerance: number,
  measure: (actual: Float32Array, expected: Float32Array, key: string) => number = (a, e) => relativeError(a, e),
): Check {
  let worst = '';
  let error = 0;
  for (const [key, values] of Object.entries(expected)) {
    if (!(key in actual)) return { name, relativeError: Number.NaN, pass: false, worst: `${key} (missing)` };
    const e = measure(actual[key], values, key);
    if (!(e <= error)) {
      error = e;
      worst = key;
    }
  }
  return { name, relativeError: error, pass: error <= tolerance, worst };
}

export async function compareOnBackends(options: {
  candidate: string;
  reference: string;
  size: NetSize;
  nets: NetChoice[];
  tolerance: number;
  log?: (message: string) => void;
}): Promise<NetComparison[]> {
  const results: NetComparison[] = [];
  for (const choice of options.nets) {
    const reference = await runOn(options.reference, options.size, choice);
    options.log?.(`  ${describeNet(choice)}: reference on ${options.reference} done`);
    const candidate = await runOn(options.candidate, options.size, choice, reference.weights);
    const expected = reference.outcome;
    const actual = candidate.outcome.losses;
    const checks: Check[] = [
      ...Object.keys(expected.losses).map((part) => {
        const e = relativeError(actual[part], expected.losses[part]);
        return { name: `loss: ${part}`, relativeError: e, pass: e <= options.tolerance };
      }),
      worstOf('gradients', candidate.outcome.gradients, expected.gradients, options.tolerance),
      worstOf('one momentum step (weights after)', candidate.outcome.after, expected.after, options.tolerance, (a, e, key) => stepError(a, e, reference.weights[key])),
    ];
    results.push({ net: describeNet(choice), checks, pass: checks.every((c) => c.pass) });
    options.log?.(`  ${describeNet(choice)}: ${checks.map((c) => `${c.name} ${c.relativeError.toExponential(1)}`).join(', ')}`);
  }
  return results;
}
