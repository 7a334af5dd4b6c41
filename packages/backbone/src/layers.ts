// The layer list a backbone is made of. One list drives both the forward pass (`buildLayerBackbone`) and the
// geometry (`deriveGeometry`), so strides and receptive fields are derived, never typed by hand.

/** Zero padding on both spatial axes: one number for both sides, or [before, after] (top = left, bottom = right). */
export type Padding = number | readonly [before: number, after: number];

interface LayerBase {
  /** Unique within the backbone; names its variables ('<name>/kernel'). */
  name: string;
  /** When set, the layer's output is a feature tap under this name. */
  tap?: string;
}

/**
 * Convolution, He-initialised, with bias unless `bias: false`; `groups` > 1 splits channels (AlexNet). `dilation`
 * > 1 spaces the kernel's taps (atrous convolution, stride 1 only): it spans (kernel − 1)·dilation + 1 pixels.
 */
export interface ConvSpec extends LayerBase {
  kind: 'conv';
  filters: number;
  kernel: number;
  stride?: number;
  padding?: Padding;
  groups?: number;
  dilation?: number;
  bias?: boolean;
}

/**
 * Depthwise convolution: each input channel convolved with its own `multiplier` (default 1) k×k filters, giving
 * channels × multiplier outputs; no mixing across channels. The width multiplier leaves it depthwise: its channels
 * follow its input's. With bias unless `bias: false`; `dilation` as in {@link ConvSpec}.
 */
export interface DepthwiseConvSpec extends LayerBase {
  kind: 'depthwiseConv';
  kernel: number;
  stride?: number;
  padding?: Padding;
  multiplier?: number;
  dilation?: number;
  bias?: boolean;
}

/** Max pooling; padded cells never win (as in Caffe, MatConvNet and PyTorch). */
export interface MaxPoolSpec extends LayerBase {
  kind: 'maxPool';
  kernel: number;
  stride: number;
  padding?: Padding;
}

/**
 * Average pooling. Padded cells count as zeros in the average (PyTorch's `count_include_pad`, Caffe); pad 0 to
 * average over real pixels only.
 */
export interface AvgPoolSpec extends LayerBase {
  kind: 'avgPool';
  kernel: number;
  stride: number;
  padding?: Padding;
}

/** The mean over the whole map: a 1×1 map per channel (an average pool as large as its input). */
export interface GlobalAvgPoolSpec extends LayerBase {
  kind: 'globalAvgPool';
}

export interface ReluSpec extends LayerBase {
  kind: 'relu';
}

/** min(max(x, 0), 6) (MobileNet). */
export interface Relu6Spec extends LayerBase {
  kind: 'relu6';
}

/**
 * Local response normalisation across channels: `y = x / (bias + alpha · Σ x²)^beta`, the sum over `size`
 * neighbouring channels (odd). Caffe divides its alpha by `size` (pass alpha/size); MatConvNet does not.
 */
export interface LrnSpec extends LayerBase {
  kind: 'lrn';
  size: number;
  bias: number;
  alpha: number;
  beta: number;
}

/** Batch normalisation with learnable scale (gamma) and offset (beta) and running statistics. */
export interface BatchNormSpec extends LayerBase {
  kind: 'batchNorm';
  /** Default 1e-5. */
  epsilon?: number;
  /** Weight of the batch statistic in a running-statistics update (PyTorch convention). Default 0.1. */
  momentum?: number;
}

/** `main(x) + shortcut(x)`; an empty shortcut is the identity. */
export interface ResidualSpec extends LayerBase {
  kind: 'residual';
  main: readonly LayerSpec[];
  shortcut: readonly LayerSpec[];
}

/**
 * Branches run on the same input, their outputs concatenated along channels in order (Inception, SqueezeNet's
 * fire modules); an empty branch passes the input through. Branches must give maps of one size, stride and centre.
 */
export interface ConcatSpec extends LayerBase {
  kind: 'concat';
  branches: readonly (readonly LayerSpec[])[];
}

export type LayerSpec =
  | ConvSpec
  | DepthwiseConvSpec
  | MaxPoolSpec
  | AvgPoolSpec
  | GlobalAvgPoolSpec
  | ReluSpec
  | Relu6Spec
  | LrnSpec
  | BatchNormSpec
  | ResidualSpec
  | ConcatSpec;
export type LayerKind = LayerSpec['kind'];

/** The layer lists nested in `layer` (a residual block's main branch and shortcut, a concat's branches), none for others. */
export function nestedLayers(layer: LayerSpec): readonly (readonly LayerSpec[])[] {
  switch (layer.kind) {
    case 'residual':
      return [layer.main, layer.shortcut];
    case 'concat':
      return layer.branches;
    default:
      return [];
  }
}

/** [before, after] of a padding. */
export function paddingPair(padding: Padding | undefined): [number, number] {
  if (padding === undefined) return [0, 0];
  return typeof padding === 'number' ? [padding, padding] : [padding[0], padding[1]];
}
