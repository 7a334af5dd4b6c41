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

/** Convolution, He-initialised, with bias unless `bias: false`; `groups` > 1 splits channels (AlexNet). */
export interface ConvSpec extends LayerBase {
  kind: 'conv';
  filters: number;
  kernel: number;
  stride?: number;
  padding?: Padding;
  groups?: number;
  bias?: boolean;
}

/** Max pooling; padded cells never win (as in Caffe, MatConvNet and PyTorch). */
export interface MaxPoolSpec extends LayerBase {
  kind: 'maxPool';
  kernel: number;
  stride: number;
  padding?: Padding;
}

export interface ReluSpec extends LayerBase {
  kind: 'relu';
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

export type LayerSpec = ConvSpec | MaxPoolSpec | ReluSpec | LrnSpec | BatchNormSpec | ResidualSpec;
export type LayerKind = LayerSpec['kind'];

/** [before, after] of a padding. */
export function paddingPair(padding: Padding | undefined): [number, number] {
  if (padding === undefined) return [0, 0];
  return typeof padding === 'number' ? [padding, padding] : [padding[0], padding[1]];
}
