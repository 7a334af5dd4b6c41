// Where a filter's map peaks and how far each cell is from there: the geometry shared by the mask layer, the
// gradients and β learning. Peaks are [B, 1, 1, C] float tensors of row and column indices (0-based).
import * as tf from '@tensorflow/tfjs-core';

export interface Peak {
  row: tf.Tensor4D;
  col: tf.Tensor4D;
}

/** Row indices [1, n, 1, 1] and column indices [1, 1, n, 1], 0..n−1. */
export function cellGrid(n: number): { rows: tf.Tensor4D; cols: tf.Tensor4D } {
  const ramp = tf.range(0, n, 1, 'float32');
  return { rows: tf.reshape(ramp, [1, n, 1, 1]), cols: tf.reshape(ramp, [1, 1, n, 1]) };
}

/** The flat row-major index µi·n + µj of each map's maximum, first on ties: [B, C] int32. */
export function argmaxIndex(x: tf.Tensor4D): tf.Tensor2D {
  const [b, n, , c] = x.shape;
  return tf.argMax(tf.reshape(x, [b, n * n, c]), 1) as tf.Tensor2D;
}

/** The paper's µ̂: the argmax cell (first maximum in row-major order). */
export function argmaxPeak(x: tf.Tensor4D): Peak {
  return peakAtIndex(argmaxIndex(x), x.shape);
}

/** The cell of a flat row-major index [B, C] (as from argmaxIndex), for maps of `shape` [B, n, n, C]. */
export function peakAtIndex(flatIndex: tf.Tensor2D, shape: [number, number, number, number]): Peak {
  const [b, n, , c] = shape;
  const index = tf.cast(flatIndex, 'float32');
  const row = tf.floor(tf.div(index, n));
  return { row: tf.reshape(row, [b, 1, 1, c]), col: tf.reshape(tf.sub(index, tf.mul(row, n)), [b, 1, 1, c]) };
}

/** The map's centre ((n−1)/2, (n−1)/2) for every map of a batch of `shape` [B, n, n, C] (between cells when n is even). */
export function centrePeak(shape: [number, number, number, number]): Peak {
  const [b, n, , c] = shape;
  const centre = tf.fill([b, 1, 1, c], (n - 1) / 2) as tf.Tensor4D;
  return { row: centre, col: tf.clone(centre) };
}

/**
 * The authors' µ: the activation-weighted centroid rounded to the grid, floor(v + 0.5) (MATLAB rounds halves away
 * from zero; tf.round to even), clamped at 0 — an all-zero map gives (0, 0).
 */
export function centroidPeak(x: tf.Tensor4D): Peak {
  return centroidPeakWithTotal(x).peak;
}

/** The centroid peak and, as a by-product, each map's total Σ_ij x_ij [B, 1, 1, C]. */
export function centroidPeakWithTotal(x: tf.Tensor4D): { peak: Peak; total: tf.Tensor4D } {
  const n = x.shape[1];
  const { rows, cols } = cellGrid(n);
  // Two full-size reductions (row and column profiles); the weighted sums run on the n-long profiles.
  const rowProfile = tf.sum(x, 2, true); // [B, n, 1, C]
  const colProfile = tf.sum(x, 1, true); // [B, 1, n, C]
  const total = tf.sum(rowProfile, 1, true) as tf.Tensor4D;
  const mass = tf.maximum(total, 1e-9);
  const round = (weighted: tf.Tensor, axis: number) =>
    tf.relu(tf.floor(tf.add(tf.div(tf.sum(weighted, axis, true), mass), 0.5))) as tf.Tensor4D;
  return { peak: { row: round(tf.mul(rowProfile, rows), 1), col: round(tf.mul(colProfile, cols), 2) }, total };
}

/**
 * max(1 − slope·d, −1) for every cell, d the distance in cells from the peak, |Δi| + |Δj| (l1) or √(Δi² + Δj²) (l2),
 * slope a scalar or [1, 1, 1, C]: [B, n, n, C]. Δi and Δj are [B, n, 1, C] and [B, 1, n, C]; for l1 the row term
 * 1 − slope·|Δi| and the column term slope·|Δj| are built at that size, so only one subtraction and the clip run at
 * full size.
 */
export function linearFallOff(peak: Peak, n: number, slope: tf.Tensor, norm: 'l1' | 'l2' = 'l1'): tf.Tensor4D {
  const { rows, cols } = cellGrid(n);
  const di = tf.sub(rows, peak.row);
  const dj = tf.sub(cols, peak.col);
  const unclipped =
    norm === 'l1'
      ? tf.sub(tf.sub(1, tf.mul(slope, tf.abs(di))), tf.mul(slope, tf.abs(dj)))
      : tf.sub(1, tf.mul(slope, tf.sqrt(tf.add(tf.square(di), tf.square(dj)))));
  // max(t, −1) for t ≤ 1 as a clip: tfjs-wasm's clip is a fast unary kernel, its Maximum with a broadcast scalar a
  // slow generic loop (≈5× slower on [32, 14, 14, 512]).
  return tf.clipByValue(unclipped, -1, 1) as tf.Tensor4D;
}
