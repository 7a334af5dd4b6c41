// Part-interpretability thresholds on their own: one streaming pass over a dataset whose size is known up front.
import * as tf from '@tensorflow/tfjs-core';
import { batchPasses, forEachBatch, type BatchSource } from './batchSource';
import { ThresholdAccumulator } from './thresholdAccumulator';
import { assertNumber, assertObject, describe } from './validate';

export interface PartThresholdsOptions {
  /** The maps to threshold [B, h, w, F], "after ReLU and mask" as SPEC §6 says: whatever it returns is used as is. */
  forward: (images: tf.Tensor4D) => tf.Tensor4D;
  /** The dataset (one pass). */
  batches: BatchSource;
  /** N, the number of images the batches hold in all (an error names a mismatch). */
  images: number;
  /** Default 0.995: p(x > T_f) = 0.005. */
  quantile?: number;
  /** Leave the batches' input tensors undisposed. */
  keepInputs?: boolean;
}

/**
 * T_f per filter, equal to `quantileThreshold` over all cells of all of filter f's maps, in one pass that keeps
 * ⌊(1 − q)·N·h·w⌋ + 1 values per filter on the host and reads back per batch only each filter's top values.
 */
export async function partThresholds(options: PartThresholdsOptions): Promise<number[]> {
  const fn = 'partThresholds';
  assertObject(fn, 'options', options as unknown, '{ forward, batches, images, quantile?, keepInputs? }');
  if (typeof options.forward !== 'function') throw new TypeError(`${fn}: 'forward' must be a function (images) => Tensor4D, got ${describe(options.forward)}`);
  assertNumber(fn, 'images', options.images, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const quantile = options.quantile ?? 0.995;
  assertNumber(fn, 'quantile', quantile, (v) => v > 0 && v < 1, 'in (0, 1)');
  const source = batchPasses(fn, 'batches', options.batches);
  const accumulator = new ThresholdAccumulator(fn, options.images, quantile, 'images');
  await forEachBatch(fn, source.pass(), options.keepInputs === true, async (_batch, tensor, n, size) => {
    const maps = tf.tidy(() => options.forward(tensor));
    try {
      if (maps instanceof tf.Tensor && maps.shape[0] !== size) throw new RangeError(`${fn}: 'forward' returned [${maps.shape}] for batches[${n}] of ${size} images`);
      await accumulator.add(maps, `batches[${n}]`);
    } finally {
      maps.dispose();
    }
  });
  return accumulator.result();
}
