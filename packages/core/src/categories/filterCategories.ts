// Filter → category assignment (SPEC §3.3). The authors' form tracks, per filter and category, an EMA of the mean
// spatial maximum over the batch's images of that category and assigns each filter its argmax; the paper's form
// is a one-pass argmax of the mean summed activation per category.
import * as tf from '@tensorflow/tfjs-core';
import { assertFeatureMaps } from '../validate';

export interface CategoryEma {
  readonly filters: number;
  readonly classes: number;
  readonly momentum: number;
  /** EMA per filter and category, row-major [C, L]; NaN where the category was never seen. */
  readonly values: Float64Array;
}

export function createCategoryEma(filters: number, classes: number, momentum = 0.9): CategoryEma {
  for (const [name, v] of [['filters', filters], ['classes', classes]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`createCategoryEma: '${name}' must be a positive integer, got ${v}`);
  }
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`createCategoryEma: 'momentum' must be in [0, 1), got ${momentum}`);
  return { filters, classes, momentum, values: new Float64Array(filters * classes).fill(Number.NaN) };
}

function positiveMatrix(op: string, labels: tf.Tensor2D, batch: number, classes: number): tf.Tensor2D {
  if (!(labels instanceof tf.Tensor) || labels.rank !== 2 || labels.shape[0] !== batch || labels.shape[1] !== classes) {
    const shape = labels instanceof tf.Tensor ? `[${labels.shape}]` : typeof labels;
    throw new RangeError(`${op}: 'labels' must be Tensor2D [B = ${batch}, L = ${classes}], got ${shape}`);
  }
  return tf.cast(tf.greater(labels, 0), 'float32') as tf.Tensor2D;
}

/** Per category c: the mean over the batch's images of class c of `perImage` [B, C] → [C, L] and counts [L]. */
function meansByCategory(perImage: tf.Tensor2D, positive: tf.Tensor2D): { sums: tf.Tensor2D; counts: tf.Tensor1D } {
  return { sums: tf.matMul(perImage, positive, true, false) as tf.Tensor2D, counts: tf.sum(positive, 0) as tf.Tensor1D };
}

/**
 * Folds one batch into the EMA: m = mean over the batch's images of class c of the spatial max of x; the first value
 * is max(m, 0.1), later ones ema ← momentum·ema + (1 − momentum)·m; a category absent from the batch is unchanged.
 * Returns each filter's category (argmax of its EMA; −1 while no category has been seen). Reads back [C, L] values
 * asynchronously, so it is safe on GPU backends.
 */
export async function updateCategoryEma(state: CategoryEma, x: tf.Tensor4D, labels: tf.Tensor2D): Promise<Int32Array> {
  const op = 'updateCategoryEma';
  assertFeatureMaps(op, 'x', x);
  if (x.shape[3] !== state.filters) {
    throw new RangeError(`${op}: 'x' has ${x.shape[3]} filters but the EMA tracks ${state.filters} (shape [${x.shape}])`);
  }
  const { sums, counts } = tf.tidy(() => meansByCategory(tf.max(x, [1, 2]) as tf.Tensor2D, positiveMatrix(op, labels, x.shape[0], state.classes)));
  const [sumValues, countValues] = await Promise.all([sums.data(), counts.data()]);
  tf.dispose([sums, counts]);
  const { filters, classes, momentum, values } = state;
  for (let l = 0; l < classes; l++) {
    if (countValues[l] === 0) continue;
    for (let f = 0; f < filters; f++) {
      const m = sumValues[f * classes + l] / countValues[l];
      const i = f * classes + l;
      values[i] = Number.isNaN(values[i]) ? Math.max(m, 0.1) : momentum * values[i] + (1 - momentum) * m;
    }
  }
  return assignedCategories(state);
}

/** Each filter's category: the argmax of its EMA row (−1 while none has been seen). */
export function assignedCategories(state: CategoryEma): Int32Array {
  const out = new Int32Array(state.filters).fill(-1);
  for (let f = 0; f < state.filters; f++) {
    let best = -Infinity;
    for (let l = 0; l < state.classes; l++) {
      const v = state.values[f * state.classes + l];
      if (v > best) {
        best = v;
        out[f] = l;
      }
    }
  }
  return out;
}

/**
 * The paper's assignment for one batch or a whole pass: per filter, argmax over categories of the mean over the
 * category's images of Σ_ij x. Returns the [C, L] means (so a caller can accumulate over batches) and the argmax.
 */
export async function paperCategoryAssignment(x: tf.Tensor4D, labels: tf.Tensor2D): Promise<{ means: Float64Array; categories: Int32Array }> {
  const op = 'paperCategoryAssignment';
  assertFeatureMaps(op, 'x', x);
  const classes = labels?.shape?.[1] ?? 0;
  const { sums, counts } = tf.tidy(() => meansByCategory(tf.sum(x, [1, 2]) as tf.Tensor2D, positiveMatrix(op, labels, x.shape[0], classes)));
  const [sumValues, countValues] = await Promise.all([sums.data(), counts.data()]);
  tf.dispose([sums, counts]);
  const filters = x.shape[3];
  const means = new Float64Array(filters * classes);
  const categories = new Int32Array(filters).fill(-1);
  for (let f = 0; f < filters; f++) {
    let best = -Infinity;
    for (let l = 0; l < classes; l++) {
      const m = countValues[l] > 0 ? sumValues[f * classes + l] / countValues[l] : Number.NaN;
      means[f * classes + l] = m;
      if (m > best) {
        best = m;
        categories[f] = l;
      }
    }
  }
  return { means, categories };
}
