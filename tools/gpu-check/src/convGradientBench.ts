// Times the conv gradient kernels on every convolution shape of a VGG-16 step, for each choice icnn offers
// (tfjs's stock kernels included), checks each against the stock kernel's result on the same device, and picks
// the fastest over the whole step. Only a tiny slice of each result is read back for timing.
import * as tf from '@tensorflow/tfjs-core';
import { registerWebgpuTrainingKernels, type WebgpuKernelOptions } from '@icnn/runtime';
import { gradientFlops, type ConvShape } from './convShapes';
import { summarize, type TimingSummary } from './stats';

export interface Candidate {
  label: string;
  options: WebgpuKernelOptions;
}

export const FILTER_CANDIDATES: Candidate[] = [
  { label: 'stock', options: { filterGradient: 'stock' } },
  { label: 'splitK/256', options: { filterGradient: 'splitK', splitInner: 256 } },
  { label: 'splitK/1024', options: { filterGradient: 'splitK', splitInner: 1024 } },
  { label: 'splitK/4096', options: { filterGradient: 'splitK', splitInner: 4096 } },
  { label: 'conv', options: { filterGradient: 'conv' } },
];

export const INPUT_CANDIDATES: Candidate[] = [
  { label: 'stock', options: { inputGradient: 'stock' } },
  { label: 'conv', options: { inputGradient: 'conv' } },
];

export interface CandidateTiming {
  label: string;
  /** null when skipped (out of time). */
  timing: TimingSummary | null;
  tflops: number | null;
  /** Against the stock kernel's output on the same inputs. */
  relativeError: number | null;
}

export interface ShapeRow {
  layers: string;
  count: number;
  shape: string;
  candidates: CandidateTiming[];
}

export interface KernelBench {
  kernel: 'Conv2DBackpropFilter' | 'Conv2DBackpropInput';
  rows: ShapeRow[];
  /** Σ over shapes of count × median, per candidate (only candidates timed on every shape). */
  stepTotalsMs: Record<string, number>;
  best: string;
}

export interface BenchOptions {
  backend: string;
  shapes: ConvShape[];
  /** Timed runs after the first (which compiles the shaders). */
  repeats: number;
  /** A first run slower than this is not repeated. */
  slowMs: number;
  /** Stops timing further candidates when this returns false. */
  haveTime: () => boolean;
  log?: (message: string) => void;
}

/**
 * Deterministic values made on the device: sin of an outer sum of two short ranges (tfjs-webgpu makes a range on
 * the CPU and uploads it, so no range as long as the tensor).
 */
function deviceValues(shape: number[], phase: number): tf.Tensor {
  const inner = shape.slice(-2).reduce((a, b) => a * b, 1);
  const outer = shape.reduce((a, b) => a * b, 1) / inner;
  return tf.tidy(() => {
    const rows = tf.reshape(tf.mul(tf.range(0, outer, 1, 'float32'), 0.71), [outer, 1]);
    const cols = tf.reshape(tf.mul(tf.range(0, inner, 1, 'float32'), 0.37), [1, inner]);
    return tf.reshape(tf.sin(tf.add(tf.add(rows, cols), phase)), shape);
  });
}

/** Waits until `t` is computed by reading one element of it. */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), [0], [1]));
  await one.data();
  one.dispose();
}

/** max |a − b| / max |b|, reduced on the device. */
async function deviceRelativeError(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const pair = tf.tidy(() => tf.stack([tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]));
  const [diff, scale] = await pair.data();
  pair.dispose();
  return scale === 0 ? diff : diff / scale;
}

async function timeRuns(run: () => tf.Tensor, repeats: number, slowMs: number): Promise<{ times: number[]; first: tf.Tensor }> {
  let start = performance.now();
  const first = run();
  await settle(first);
  const times = [performance.now() - start];
  if (times[0] >= slowMs) return { times, first };
  times.length = 0;
  for (let r = 0; r < repeats; r++) {
    start = performance.now();
    const out = run();
    await settle(out);
    times.push(performance.now() - start);
    out.dispose();
  }
  return { times, first };
}

function describeShape(s: ConvShape): string {
  return `${s.batch}×${s.side}×${s.side}×${s.inChannels} → ${s.outChannels}, ${s.kernel}×${s.kernel}/${s.stride}`;
}

async function benchKernel(kernel: KernelBench['kernel'], candidates: Candidate[], options: BenchOptions): Promise<KernelBench> {
  const rows: ShapeRow[] = [];
  for (const shape of options.shapes) {
    if (kernel === 'Conv2DBackpropInput' && !shape.needsInputGradient) continue;
    const out = Math.floor((shape.side + shape.pad[1][0] + shape.pad[1][1] - shape.kernel) / shape.stride) + 1;
    const x = deviceValues([shape.batch, shape.side, shape.side, shape.inChannels], 0.1);
    const dy = deviceValues([shape.batch, out, out, shape.outChannels], 0.7);
    const filter = deviceValues([shape.kernel, shape.kernel, shape.inChannels, shape.outChannels], 0.3);
    const attrs = { strides: shape.stride, pad: shape.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    const run = () =>
      (kernel === 'Conv2DBackpropFilter'
        ? tf.engine().runKernel(kernel, { x, dy }, { ...attrs, filterShape: [shape.kernel, shape.kernel, shape.inChannels, shape.outChannels] } as never)
        : tf.engine().runKernel(kernel, { dy, filter }, { ...attrs, inputShape: x.shape } as never)) as tf.Tensor;
    let reference: tf.Tensor | undefined;
    const timings: CandidateTiming[] = [];
    for (const candidate of candidates) {
      if (!options.haveTime()) {
        timings.push({ label: candidate.label, timing: null, tflops: null, relativeError: null });
        continue;
      }
      registerWebgpuTrainingKernels(options.backend, candidate.options);
      const { times, first } = await timeRuns(run, options.repeats, options.slowMs);
      const timing = summarize(times);
      const error = reference === undefined ? 0 : await deviceRelativeError(first, reference);
      if (reference === undefined) reference = first;
      else first.dispose();
      timings.push({ label: candidate.label, timing, tflops: gradientFlops(shape) / (timing.medianMs * 1e9), relativeError: error });
    }
    reference?.dispose();
    tf.dispose([x, dy, filter]);
    rows.push({ layers: shape.layers, count: shape.count, shape: describeShape(shape), candidates: timings });
    options.log?.(
      `  ${kernel} ${shape.layers}: ${timings.map((t) => `${t.label} ${t.timing ? `${t.timing.medianMs.toFixed(1)} ms` : 'skipped'}`).join(', ')}`,
    );
  }
  const stepTotalsMs: Record<string, number> = {};
  for (const candidate of candidates) {
    const perShape = rows.map((row) => ({ row, timing: row.candidates.find((c) => c.label === candidate.label)?.timing }));
    if (perShape.every((p) => p.timing != null)) stepTotalsMs[candidate.label] = perShape.reduce((sum, p) => sum + p.row.count * p.timing!.medianMs, 0);
  }
  const best = Object.entries(stepTotalsMs).sort((a, b) => a[1] - b[1])[0]?.[0] ?? 'stock';
  return { kernel, rows, stepTotalsMs, best };
}

export interface ConvGradientBench {
  filter: KernelBench;
  input: KernelBench;
  /** The fastest choices over a whole step, for initBackend's webgpuKernels. */
  chosen: WebgpuKernelOptions;
}

export async function benchConvGradients(options: BenchOptions): Promise<ConvGradientBench> {
  const filter = await benchKernel('Conv2DBackpropFilter', FILTER_CANDIDATES, options);
  const input = await benchKernel('Conv2DBackpropInput', INPUT_CANDIDATES, options);
  const chosen = {
    ...FILTER_CANDIDATES.find((c) => c.label === filter.best)!.options,
    ...INPUT_CANDIDATES.find((c) => c.label === input.best)!.options,
  };
  registerWebgpuTrainingKernels(options.backend, chosen);
  return { filter, input, chosen };
}
