// The maps part interpretability reads in any pass: `parts.forward`'s (or `forward`'s) output for one batch, checked
// against the batch and the layer's filter count, and disposed after use unless they are the layer's own maps.
import * as tf from '@tensorflow/tfjs-core';
import { describe } from './validate';

/** What the part passes after the first share: how to make the part maps and what the first pass found. */
export interface PartPassContext {
  fn: string;
  keepInputs: boolean;
  forward: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Images and filters the first pass saw. */
  images: number;
  filters: number;
}

/** The part maps of batch `n` checked against the batch size and the peak maps' filter count. */
export function checkPartMaps(fn: string, maps: tf.Tensor, n: number, size: number, filters: number): tf.Tensor4D {
  if (!(maps instanceof tf.Tensor) || maps.rank !== 4) {
    throw new TypeError(`${fn}: 'parts.forward' (or 'forward') must return a Tensor4D [B, h, w, F], got ${maps instanceof tf.Tensor ? `rank ${maps.rank} [${maps.shape}]` : describe(maps)}`);
  }
  if (maps.shape[0] !== size || maps.shape[3] !== filters) {
    throw new RangeError(`${fn}: 'parts.forward' returned [${maps.shape}] for batches[${n}], expected [${size}, h, w, ${filters}]`);
  }
  return maps as tf.Tensor4D;
}

/**
 * Calls `use` with batch n's checked part maps: `layerMaps` when given (the caller's, left undisposed), else
 * `forward(images)`, disposed after `use`, also on errors.
 */
export async function withPartMaps(
  fn: string,
  forward: (images: tf.Tensor4D) => tf.Tensor4D,
  images: tf.Tensor4D,
  n: number,
  size: number,
  filters: number,
  use: (maps: tf.Tensor4D) => Promise<void>,
  layerMaps?: tf.Tensor4D,
): Promise<void> {
  const maps = layerMaps ?? tf.tidy(() => forward(images));
  try {
    await use(checkPartMaps(fn, maps, n, size, filters));
  } finally {
    if (maps !== layerMaps) maps.dispose();
  }
}
