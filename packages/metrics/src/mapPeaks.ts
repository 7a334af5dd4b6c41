// One batch's feature maps → each filter's peak cell and peak value per image, read back asynchronously. The only
// data that leaves the device is 2·B·F numbers, so memory stays bounded by the batch, whatever the dataset size.
import * as tf from '@tensorflow/tfjs-core';

export interface MapPeaks {
  /** [B·F] row-major (image b, filter f at b·F + f): index r·w + c of the first maximum of f's h×w map. */
  cell: Int32Array;
  /** [B·F]: that maximum. */
  value: Float32Array;
  batch: number;
  filters: number;
  /** Map height and width in cells. */
  height: number;
  width: number;
}

/**
 * Argmax cell and max of every map of `maps` [B, h, w, F] (NHWC). Reads back with `await data()` (no synchronous
 * reads) and disposes every tensor it makes; `maps` itself stays the caller's.
 */
export async function mapPeaks(fn: string, maps: tf.Tensor): Promise<MapPeaks> {
  if (!(maps instanceof tf.Tensor) || maps.rank !== 4) {
    throw new TypeError(`${fn}: 'forward' must return a Tensor4D [B, h, w, F] of the layer's maps, got ${maps instanceof tf.Tensor ? `rank ${maps.rank} [${maps.shape}]` : typeof maps}`);
  }
  const [batch, height, width, filters] = maps.shape;
  const [cellT, valueT] = tf.tidy(() => {
    const flat = tf.reshape(maps, [batch, height * width, filters]);
    return [tf.argMax(flat, 1), tf.max(flat, 1)];
  });
  try {
    const [cell, value] = await Promise.all([cellT.data(), valueT.data()]);
    return { cell: Int32Array.from(cell), value: Float32Array.from(value), batch, filters, height, width };
  } finally {
    cellT.dispose();
    valueT.dispose();
  }
}
