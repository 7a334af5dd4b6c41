// Stride, receptive field and map size of every layer, derived from the layer list (the usual recursion):
//   size' = floor((size + before + after − k) / s) + 1
//   rf'   = rf + (k − 1)·jump          jump' = jump·s
//   c'    = c + ((k − 1)/2 − before)·jump
// with c the centre of cell 0 in input pixels (pixel i centred at i) and, at the input, rf = 1, jump = 1, c = 0.
// A residual block takes its branches' union: their jumps, centres, sizes and channels must agree; a concat's
// branches must agree on all but channels, which add up. A dilated kernel counts as its span, (k − 1)·d + 1; a
// global average pool as a window as large as its input.
import type { FeatureInfo, ReceptiveField } from './contract';
import { paddingPair, type ConvSpec, type DepthwiseConvSpec, type LayerKind, type LayerSpec } from './layers';

export interface LayerGeometry {
  name: string;
  kind: LayerKind;
  /** The tap name when the layer is a tap. */
  tap?: string;
  channels: number;
  stride: number;
  receptiveField: ReceptiveField;
  /** Side of the (square) output map. */
  spatialSize: number;
}

interface State {
  channels: number;
  jump: number;
  rf: number;
  centre: number;
  size: number;
}

export interface GeometryOptions {
  /** Side of the square input in pixels. */
  inputSize: number;
  /** Channels of the input (default 3). */
  inputChannels?: number;
}

/** The geometry after each top-level layer of `layers`, in order. */
export function deriveGeometry(layers: readonly LayerSpec[], options: GeometryOptions): LayerGeometry[] {
  const { inputSize, inputChannels = 3 } = options;
  if (!Number.isInteger(inputSize) || inputSize < 1) {
    throw new RangeError(`deriveGeometry: 'inputSize' must be a positive integer, got ${inputSize}`);
  }
  const out: LayerGeometry[] = [];
  let state: State = { channels: inputChannels, jump: 1, rf: 1, centre: 0, size: inputSize };
  for (const layer of layers) {
    state = step(state, layer, inputSize);
    out.push({
      name: layer.name,
      kind: layer.kind,
      ...(layer.tap !== undefined ? { tap: layer.tap } : {}),
      channels: state.channels,
      stride: state.jump,
      receptiveField: { size: state.rf, centre: state.centre },
      spatialSize: state.size,
    });
  }
  return out;
}

/** `featureInfo` of the tap layers of `layers` for a square input of `inputSize` pixels. */
export function featureInfoFromLayers(layers: readonly LayerSpec[], options: GeometryOptions): FeatureInfo[] {
  return deriveGeometry(layers, options)
    .filter((g) => g.tap !== undefined)
    .map((g) => ({
      name: g.tap as string,
      channels: g.channels,
      stride: g.stride,
      receptiveField: { ...g.receptiveField },
      spatialSize: [g.spatialSize, g.spatialSize],
    }));
}

function step(state: State, layer: LayerSpec, inputSize: number): State {
  switch (layer.kind) {
    case 'conv':
      return { ...convWindow(state, layer, inputSize), channels: layer.filters };
    case 'depthwiseConv':
      return { ...convWindow(state, layer, inputSize), channels: state.channels * (layer.multiplier ?? 1) };
    case 'maxPool':
    case 'avgPool':
      return window(state, layer.name, layer.kernel, layer.stride, layer.padding, inputSize);
    case 'globalAvgPool':
      return window(state, layer.name, state.size, state.size, 0, inputSize);
    case 'relu':
    case 'relu6':
    case 'lrn':
    case 'batchNorm':
      return state;
    case 'residual':
      return residual(state, layer.name, layer.main, layer.shortcut, inputSize);
    case 'concat':
      return concat(state, layer.name, layer.branches, inputSize);
    default: {
      const unknown: { kind?: unknown; name?: unknown } = layer;
      throw new TypeError(`deriveGeometry: layer '${String(unknown.name)}' has unknown kind '${String(unknown.kind)}'`);
    }
  }
}

/** A (possibly dilated) convolution's window: a kernel of k taps `dilation` apart spans (k − 1)·dilation + 1 pixels. */
function convWindow(state: State, layer: ConvSpec | DepthwiseConvSpec, inputSize: number): State {
  const { name, kernel, dilation = 1, stride = 1 } = layer;
  if (!Number.isInteger(dilation) || dilation < 1) {
    throw new RangeError(`deriveGeometry: layer '${name}' has dilation ${dilation}; expected an integer ≥ 1`);
  }
  if (dilation > 1 && stride > 1) {
    throw new RangeError(`deriveGeometry: layer '${name}' has dilation ${dilation} and stride ${stride}; a dilated convolution takes stride 1`);
  }
  return window(state, name, (kernel - 1) * dilation + 1, stride, layer.padding, inputSize);
}

function window(
  state: State,
  name: string,
  kernel: number,
  stride: number,
  padding: Parameters<typeof paddingPair>[0],
  inputSize: number,
): State {
  const [before, after] = paddingPair(padding);
  for (const [what, value, min] of [['kernel', kernel, 1], ['stride', stride, 1], ['padding', before, 0], ['padding', after, 0]] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`deriveGeometry: layer '${name}' has ${what} ${value}; expected an integer ≥ ${min}`);
    }
  }
  const size = Math.floor((state.size + before + after - kernel) / stride) + 1;
  if (size < 1) {
    throw new RangeError(
      `deriveGeometry: an input of ${inputSize}×${inputSize} pixels is too small: layer '${name}' (kernel ${kernel}, ` +
        `stride ${stride}, padding [${before}, ${after}]) gets a ${state.size}×${state.size} map and would output none`,
    );
  }
  return {
    channels: state.channels,
    size,
    rf: state.rf + (kernel - 1) * state.jump,
    centre: state.centre + ((kernel - 1) / 2 - before) * state.jump,
    jump: state.jump * stride,
  };
}

function residual(state: State, name: string, main: readonly LayerSpec[], shortcut: readonly LayerSpec[], inputSize: number): State {
  const [a, b] = [main, shortcut].map((list) => list.reduce((s, l) => step(s, l, inputSize), state));
  for (const key of ['channels', 'jump', 'centre', 'size'] as const) {
    if (a[key] !== b[key]) {
      throw new RangeError(`deriveGeometry: residual block '${name}': its main branch and shortcut disagree on ${describe(key)} (${a[key]} vs ${b[key]})`);
    }
  }
  return { ...a, rf: Math.max(a.rf, b.rf) };
}

/** Concatenated branches: one map grid (size, stride, centre), channels added, the widest field. */
function concat(state: State, name: string, branches: readonly (readonly LayerSpec[])[], inputSize: number): State {
  if (branches.length === 0) throw new RangeError(`deriveGeometry: concat '${name}' has no branches`);
  const outs = branches.map((list) => list.reduce((s, l) => step(s, l, inputSize), state));
  const [first] = outs;
  outs.forEach((out, i) => {
    for (const key of ['jump', 'centre', 'size'] as const) {
      if (out[key] !== first[key]) {
        throw new RangeError(`deriveGeometry: concat '${name}': branch ${i} disagrees with branch 0 on ${describe(key)} (${out[key]} vs ${first[key]})`);
      }
    }
  });
  return { ...first, channels: outs.reduce((n, o) => n + o.channels, 0), rf: Math.max(...outs.map((o) => o.rf)) };
}

function describe(key: keyof State): string {
  return key === 'jump' ? 'stride' : key === 'size' ? 'map size' : key;
}
