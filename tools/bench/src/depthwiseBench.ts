// Depthwise convolution on wasm: tf.depthwiseConv2d with icnn's composed gradient kernels, against the two ways a
// backbone had before — a grouped convolution with one group per channel (split + one conv2d per channel + concat,
// what `groups: C` ran) — and against the cpu backend's depthwise kernels. Each is timed forward and as a training
// step (forward, input gradient, filter gradient), on MobileNet-v1's depthwise layers at 224 px (Howard et al. 2017).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import type { BenchContext, BenchResult } from './benchmark';
import { gflops, median, medianRatio, timeInterleaved, timeRuns } from './stats';

interface DepthwiseLayer {
  label: string;
  /** [B, H, W, C] of the layer's input. */
  x: [number, number, number, number];
  stride: number;
}

/** MobileNet-v1's depthwise layers of distinct shapes at 224 px, width 1, batch 4. */
export const MOBILENET_DEPTHWISE: readonly DepthwiseLayer[] = [
  { label: 'dw1 112²×32 s1', x: [4, 112, 112, 32], stride: 1 },
  { label: 'dw2 112²×64 s2', x: [4, 112, 112, 64], stride: 2 },
  { label: 'dw3 56²×128 s1', x: [4, 56, 56, 128], stride: 1 },
  { label: 'dw6 28²×256 s2', x: [4, 28, 28, 256], stride: 2 },
  { label: 'dw7 14²×512 s1', x: [4, 14, 14, 512], stride: 1 },
  { label: 'dw13 7²×1024 s1', x: [4, 7, 7, 1024], stride: 1 },
];

type Conv = (x: tf.Tensor4D, w: tf.Tensor4D, stride: number) => tf.Tensor4D;

const depthwise: Conv = (x, w, stride) => tf.depthwiseConv2d(x, w, stride, 'same');
/** One conv2d per channel: a grouped convolution with as many groups as channels. */
const grouped: Conv = (x, w, stride) => {
  const channels = x.shape[3];
  const xs = tf.split(x, channels, 3) as tf.Tensor4D[];
  const ws = tf.split(w, channels, 2) as tf.Tensor4D[];
  return tf.concat(xs.map((xc, c) => tf.conv2d(xc, ws[c], stride, 'same')), 3);
};

function tasks(layer: DepthwiseLayer, conv: Conv, seed: number) {
  const x = tf.randomUniform(layer.x, -1, 1, 'float32', seed) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, layer.x[3], 1], -1, 1, 'float32', seed + 1) as tf.Tensor4D;
  const forward = async () => {
    const y = tf.tidy(() => conv(x, w, layer.stride));
    await y.data();
    y.dispose();
  };
  const step = async () => {
    const [dx, dw] = tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(conv(a as tf.Tensor4D, b as tf.Tensor4D, layer.stride)))([x, w]));
    await Promise.all([dx.data(), dw.data()]);
    tf.dispose([dx, dw]);
  };
  return { forward, step, dispose: () => tf.dispose([x, w]) };
}

/** Multiply-adds ×2 of one pass (forward, or each gradient) of a 3×3 depthwise layer. */
function passFlops(layer: DepthwiseLayer): number {
  const [b, h, w, c] = layer.x;
  return 2 * 9 * b * Math.ceil(h / layer.stride) * Math.ceil(w / layer.stride) * c;
}

export async function depthwiseBench(context: BenchContext): Promise<BenchResult> {
  const runs = Math.max(3, Math.min(context.runs, 5));
  await initBackend('cpu');
  const rows: Record<string, unknown>[] = [];
  const lines = [`depthwise 3×3 'same' (MobileNet-v1 layers, batch 4): ms, median of ${runs}; step = forward + dx + dW`];
  lines.push('layer              | wasm fwd  step (GFLOP/s) | grouped fwd   step | × slower | cpu fwd   step | × slower');
  for (const layer of MOBILENET_DEPTHWISE) {
    await tf.setBackend('wasm');
    const ours = tasks(layer, depthwise, 1);
    const perChannel = tasks(layer, grouped, 1);
    const [oursForward, groupedForward] = await timeInterleaved([ours.forward, perChannel.forward], 1, runs);
    const [oursStep, groupedStep] = await timeInterleaved([ours.step, perChannel.step], 1, runs);
    ours.dispose();
    perChannel.dispose();
    await tf.setBackend('cpu');
    const cpu = tasks(layer, depthwise, 1);
    const cpuForward = await timeRuns(cpu.forward, 1, runs);
    const cpuStep = await timeRuns(cpu.step, 1, runs);
    cpu.dispose();
    const row = {
      layer: layer.label,
      wasmForwardMs: median(oursForward),
      wasmStepMs: median(oursStep),
      wasmStepGflops: gflops(3 * passFlops(layer), median(oursStep)),
      groupedForwardMs: median(groupedForward),
      groupedStepMs: median(groupedStep),
      groupedStepRatio: medianRatio(groupedStep, oursStep),
      cpuForwardMs: median(cpuForward),
      cpuStepMs: median(cpuStep),
      cpuStepRatio: median(cpuStep) / median(oursStep),
    };
    rows.push(row);
    const f = (v: number, width = 6) => v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0).padStart(width);
    lines.push(
      `${layer.label.padEnd(18)} | ${f(row.wasmForwardMs)} ${f(row.wasmStepMs)} (${f(row.wasmStepGflops, 4)}) | ` +
        `${f(row.groupedForwardMs)} ${f(row.groupedStepMs)} | ${f(row.groupedStepRatio, 7)}× | ${f(row.cpuForwardMs)} ${f(row.cpuStepMs)} | ${f(row.cpuStepRatio, 7)}×`,
    );
  }
  await tf.setBackend('wasm');
  return { name: 'depthwise', lines, json: { rows } };
}
