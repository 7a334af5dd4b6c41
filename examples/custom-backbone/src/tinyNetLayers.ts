// TinyNet's architecture as data: three 3×3 convolutions (pad 1) with ReLU, a 2×2 stride-2 max pool after the first
// two. The list is what the contract's `layers` member exposes; `featureInfo` is derived from it with
// `featureInfoFromLayers`, and the contract kit checks that the hand-written forward pass agrees with it.
import type { LayerSpec } from '@icnn/backbone';

/** Channels of the three convolutions at width 1. */
export const TINYNET_FILTERS = [16, 32, 64] as const;

/** The layer list at `width` (channels scaled and rounded, at least 1). Taps: 'conv1', 'conv2', 'conv3'. */
export function tinyNetLayers(width: number): LayerSpec[] {
  const [c1, c2, c3] = TINYNET_FILTERS.map((filters) => Math.max(1, Math.round(filters * width)));
  return [
    { kind: 'conv', name: 'conv1', filters: c1, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu1', tap: 'conv1' },
    { kind: 'maxPool', name: 'pool1', kernel: 2, stride: 2 },
    { kind: 'conv', name: 'conv2', filters: c2, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu2', tap: 'conv2' },
    { kind: 'maxPool', name: 'pool2', kernel: 2, stride: 2 },
    { kind: 'conv', name: 'conv3', filters: c3, kernel: 3, padding: 1 },
    { kind: 'relu', name: 'relu3', tap: 'conv3' },
  ];
}
