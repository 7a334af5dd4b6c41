// The forward pass of a layer list (NHWC, float32). Called inside the caller's tf.tidy.
import * as tf from '@tensorflow/tfjs-core';
import { paddingPair, type BatchNormSpec, type ConvSpec, type DepthwiseConvSpec, type LayerSpec, type Padding } from './layers';
import { addChannelBias } from './addChannelBias';
import { batchNormTraining } from './batchNormTraining';

export interface RunContext {
  variables: Readonly<Record<string, tf.Variable>>;
  /** Batch statistics, and running-statistics updates, in batch normalisation. */
  training: boolean;
}

/** Runs one layer. */
export function runLayer(x: tf.Tensor4D, layer: LayerSpec, ctx: RunContext): tf.Tensor4D {
  switch (layer.kind) {
    case 'conv':
      return withBias(dilated(x, layer, (input, pad) => conv(input, layer, pad, ctx)), layer, ctx);
    case 'depthwiseConv':
      return withBias(dilated(x, layer, (input, pad) => tf.depthwiseConv2d(input, kernelOf(layer, ctx), layer.stride ?? 1, pad)), layer, ctx);
    case 'maxPool':
      return tf.maxPool(x, layer.kernel, layer.stride, explicitPadding(layer.padding));
    case 'avgPool':
      // Zero padding first, so that padded cells count in every window's mean (count_include_pad).
      return tf.avgPool(zeroPad(x, layer.padding), layer.kernel, layer.stride, 'valid');
    case 'globalAvgPool':
      return tf.mean(x, [1, 2], true);
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'lrn':
      return tf.localResponseNormalization(x, (layer.size - 1) / 2, layer.bias, layer.alpha, layer.beta);
    case 'batchNorm':
      return batchNorm(x, layer, ctx);
    case 'residual': {
      const main = runLayers(x, layer.main, ctx);
      const shortcut = runLayers(x, layer.shortcut, ctx);
      return tf.add(main, shortcut);
    }
    case 'concat':
      return tf.concat(layer.branches.map((branch) => runLayers(x, branch, ctx)), 3);
  }
}

/** Runs a list of layers in order. */
export function runLayers(x: tf.Tensor4D, layers: readonly LayerSpec[], ctx: RunContext): tf.Tensor4D {
  return layers.reduce((y, layer) => runLayer(y, layer, ctx), x);
}

function explicitPadding(padding: Padding | undefined): 'valid' | [[number, number], [number, number], [number, number], [number, number]] {
  const [before, after] = paddingPair(padding);
  if (before === 0 && after === 0) return 'valid';
  return [[0, 0], [before, after], [before, after], [0, 0]];
}

type ExplicitPadding = ReturnType<typeof explicitPadding>;

function zeroPad(x: tf.Tensor4D, padding: Padding | undefined): tf.Tensor4D {
  const [before, after] = paddingPair(padding);
  return before === 0 && after === 0 ? x : tf.pad(x, [[0, 0], [before, after], [before, after], [0, 0]]);
}

/**
 * `convolve(x, padding)` with the layer's dilation. tfjs has no gradient for dilated convolutions, so a dilation d
 * > 1 runs as TensorFlow's atrous convolution does: the padded input split into d×d interleaved sub-images
 * (spaceToBatchND), an undilated 'valid' convolution of each, and the results interleaved back (batchToSpaceND) —
 * every op with a gradient. The input is first padded to a multiple of d; those extra rows are cropped again.
 */
function dilated(x: tf.Tensor4D, layer: ConvSpec | DepthwiseConvSpec, convolve: (x: tf.Tensor4D, pad: ExplicitPadding) => tf.Tensor4D): tf.Tensor4D {
  const d = layer.dilation ?? 1;
  if (d === 1) return convolve(x, explicitPadding(layer.padding));
  const padded = zeroPad(x, layer.padding);
  const extra = [padded.shape[1], padded.shape[2]].map((n) => [0, (d - (n % d)) % d]);
  const split = tf.spaceToBatchND(padded, [d, d], extra) as tf.Tensor4D;
  return tf.batchToSpaceND(convolve(split, 'valid'), [d, d], extra) as tf.Tensor4D;
}

function kernelOf(layer: ConvSpec | DepthwiseConvSpec, ctx: RunContext): tf.Variable<tf.Rank.R4> {
  return ctx.variables[`${layer.name}/kernel`] as tf.Variable<tf.Rank.R4>;
}

function withBias(y: tf.Tensor4D, layer: ConvSpec | DepthwiseConvSpec, ctx: RunContext): tf.Tensor4D {
  const bias = ctx.variables[`${layer.name}/bias`];
  return bias === undefined ? y : addChannelBias(y, bias as tf.Variable<tf.Rank.R1>);
}

function conv(x: tf.Tensor4D, layer: ConvSpec, pad: ExplicitPadding, ctx: RunContext): tf.Tensor4D {
  const kernel = kernelOf(layer, ctx);
  const stride = layer.stride ?? 1;
  const groups = layer.groups ?? 1;
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  const [kh, kw, , filters] = kernel.shape;
  if (groups === x.shape[3]) {
    // One group per input channel is a depthwise convolution: kernel [k, k, 1, C·m] read as [k, k, C, m] (output
    // channel c·m + q either way), run by one depthwise kernel instead of C convolutions.
    return tf.depthwiseConv2d(x, tf.reshape(kernel, [kh, kw, groups, filters / groups]), stride, pad);
  }
  // Grouped convolution as split + concat (tfjs has no grouped conv2d).
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[];
  return tf.concat(xs.map((xg, g) => tf.conv2d(xg, ks[g], stride, pad)), 3);
}

function batchNorm(x: tf.Tensor4D, layer: BatchNormSpec, ctx: RunContext): tf.Tensor4D {
  const v = (suffix: string) => ctx.variables[`${layer.name}/${suffix}`] as tf.Variable<tf.Rank.R1>;
  const epsilon = layer.epsilon ?? 1e-5;
  if (!ctx.training) return tf.batchNorm4d(x, v('movingMean'), v('movingVariance'), v('beta'), v('gamma'), epsilon);
  const { y, mean, variance } = batchNormTraining(x, v('gamma'), v('beta'), epsilon);
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  const momentum = layer.momentum ?? 0.1;
  // Running statistics as in PyTorch: the unbiased batch variance, blended with weight `momentum`.
  const update = (running: tf.Variable, batch: tf.Tensor, correction: number) =>
    running.assign(tf.tidy(() => tf.add(tf.mul(running, 1 - momentum), tf.mul(batch, momentum * correction))));
  update(v('movingMean'), mean, 1);
  update(v('movingVariance'), variance, count > 1 ? count / (count - 1) : 1);
  tf.dispose([mean, variance]);
  return y;
}
