// The options of MobileNet-v1: the common ones (`width` is the paper's width multiplier α) plus the depthwise
// layers' channel multiplier (Keras's `depth_multiplier`).
import type { BackboneOptions } from '@icnn/backbone';

export interface MobilenetOptions extends BackboneOptions {
  /**
   * Outputs per input channel of every depthwise convolution (Keras's `depth_multiplier`). Default 1; the published
   * networks use 1. The pointwise convolution after each takes its channels × this.
   */
  depthMultiplier?: number;
}

/** Checks `depthMultiplier`, naming the backbone and the option. */
export function resolveDepthMultiplier(backbone: string, options: MobilenetOptions | undefined): number {
  const depthMultiplier = options?.depthMultiplier ?? 1;
  if (typeof depthMultiplier !== 'number' || !Number.isInteger(depthMultiplier) || depthMultiplier < 1) {
    throw new RangeError(`createBackbone('${backbone}'): 'depthMultiplier' must be an integer ≥ 1, got ${String(depthMultiplier)}`);
  }
  return depthMultiplier;
}

// createBackbone('mobilenet-v1', { depthMultiplier: 2 }) typechecks wherever this package is imported.
declare module '@icnn/backbone' {
  interface BackboneOptionsMap {
    'mobilenet-v1': MobilenetOptions;
  }
}
