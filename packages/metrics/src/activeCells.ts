// Part interpretability's active cells of one batch, computed on the device: x > T_f per cell, read back as one byte
// per cell (B·h·w·F bytes, a quarter of the maps).
import * as tf from '@tensorflow/tfjs-core';

/** The largest float32 ≤ t, so that for float32 x: x > t ⇔ x > floorFloat32(t) (the comparison runs in float32). */
export function floorFloat32(t: number): number {
  const rounded = Math.fround(t);
  if (rounded <= t || !Number.isFinite(rounded)) return rounded;
  // rounded > t: step one float32 down.
  const bits = new Float32Array([rounded]);
  const int = new Int32Array(bits.buffer);
  if (rounded > 0) int[0]--;
  else if (rounded < 0) int[0]++;
  else int[0] = -2147483647; // +0 → the largest negative subnormal
  return bits[0];
}

/** maps [B, h, w, F] (not disposed) → B·h·w·F bytes in NHWC order, 1 where the cell is above its filter's threshold. */
export async function activeCells(maps: tf.Tensor, thresholds: readonly number[]): Promise<Uint8Array> {
  const mask = tf.tidy(() => tf.greater(maps, tf.tensor1d(thresholds.map(floorFloat32), 'float32')));
  try {
    const bytes = await mask.data(); // bool → Uint8Array
    return bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
  } finally {
    mask.dispose();
  }
}
