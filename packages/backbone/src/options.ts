// Checks a backbone's options and applies the width multiplier to a layer list.
import type { BackboneOptions } from './contract';
import type { LayerSpec } from './layers';

export interface ResolvedOptions {
  width: number;
  inputSize: number;
  seed: number;
}

/** Fills defaults and rejects bad values, naming the backbone and the option. */
export function resolveOptions(backbone: string, options: BackboneOptions | undefined, defaultInputSize: number): ResolvedOptions {
  if (options != null && typeof options !== 'object') {
    throw new TypeError(`createBackbone('${backbone}'): 'options' must be an object, got ${typeof options}`);
  }
  const { width = 1, inputSize = defaultInputSize, seed = 0 } = options ?? {};
  if (typeof width !== 'number' || !Number.isFinite(width) || width <= 0) {
    throw new RangeError(`createBackbone('${backbone}'): 'width' must be a finite number > 0, got ${String(width)}`);
  }
  if (typeof inputSize !== 'number' || !Number.isInteger(inputSize) || inputSize < 1) {
    throw new RangeError(`createBackbone('${backbone}'): 'inputSize' must be a positive integer, got ${String(inputSize)}`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new RangeError(`createBackbone('${backbone}'): 'seed' must be an integer, got ${String(seed)}`);
  }
  return { width, inputSize, seed };
}

/** Channels of a layer with `filters` channels in `groups` groups at `width`: at least one per group. */
export function scaledFilters(filters: number, groups: number, width: number): number {
  return groups * Math.max(1, Math.round((filters / groups) * width));
}

/**
 * `layers` with every convolution's filters scaled by `width` (the same list when width is 1). Depthwise
 * convolutions have no filter count: their channels follow their scaled input, so they stay depthwise.
 */
export function scaleWidth(layers: readonly LayerSpec[], width: number): readonly LayerSpec[] {
  if (width === 1) return layers;
  return layers.map((layer): LayerSpec => {
    switch (layer.kind) {
      case 'conv':
        return { ...layer, filters: scaledFilters(layer.filters, layer.groups ?? 1, width) };
      case 'residual':
        return { ...layer, main: scaleWidth(layer.main, width), shortcut: scaleWidth(layer.shortcut, width) };
      case 'concat':
        return { ...layer, branches: layer.branches.map((branch) => scaleWidth(branch, width)) };
      default:
        return layer;
    }
  });
}
