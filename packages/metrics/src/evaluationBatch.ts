// What the evaluation pass reads from a dataset, one batch at a time, and its validation.
import * as tf from '@tensorflow/tfjs-core';
import type { Point } from './types';
import { assertArray, assertNumber, assertObject, assertPointOrNull, describe } from './validate';

/** Images as plain NHWC float32 data, for datasets that do not make tensors. */
export interface ImageData4D {
  data: Float32Array;
  /** [B, H, W, C]. */
  shape: readonly [number, number, number, number];
}

export interface EvaluationBatch {
  /** [B, H, W, C] network input. A tensor is disposed after use unless `keepInputs` is set. */
  images: tf.Tensor4D | ImageData4D;
  /** [B][K]: landmark k on image b in network-input pixels [x, y], or null when absent or ambiguous. */
  landmarks: readonly (readonly (Point | null)[])[];
  /** [B]: image ids, carried into the top-image lists; default the running image index. */
  ids?: readonly (string | number)[];
  /** [B]: each image's category (null: none), for the 'authors' multi-category form. */
  categories?: readonly (number | null)[];
  /** [B][P]: part masks (width·height bytes of the network input, non-zero = part) for part interpretability. */
  partMasks?: readonly (readonly (Uint8Array | null)[])[];
}

/** Validates batch `n` and returns its size B (errors name `batches[n]` and the field). */
export function checkBatch(fn: string, batch: EvaluationBatch, n: number, landmarkCount: number | null): number {
  const at = `batches[${n}]`;
  assertObject(fn, at, batch, '{ images, landmarks, ids?, categories?, partMasks? }');
  const { images } = batch;
  let size: number;
  if (images instanceof tf.Tensor) {
    if (images.rank !== 4) throw new RangeError(`${fn}: '${at}.images' must be a Tensor4D [B, H, W, C], got rank ${images.rank} [${images.shape}]`);
    size = images.shape[0];
  } else {
    assertObject(fn, `${at}.images`, images, 'Tensor4D or { data: Float32Array, shape: [B, H, W, C] }');
    if (!(images.data instanceof Float32Array)) throw new TypeError(`${fn}: '${at}.images.data' must be a Float32Array, got ${describe(images.data)}`);
    assertArray(fn, `${at}.images.shape`, images.shape, 4, '[B, H, W, C]');
    images.shape.forEach((d, i) => assertNumber(fn, `${at}.images.shape[${i}]`, d, (v) => Number.isInteger(v) && v >= 1, 'a positive integer'));
    const count = images.shape.reduce((a, b) => a * b, 1);
    if (images.data.length !== count) throw new RangeError(`${fn}: '${at}.images.data' has ${images.data.length} values, expected ${count} for shape [${images.shape}]`);
    size = images.shape[0];
  }
  assertArray(fn, `${at}.landmarks`, batch.landmarks, size, 'one row per image');
  const k = landmarkCount ?? (size > 0 && Array.isArray(batch.landmarks[0]) ? batch.landmarks[0].length : 0);
  batch.landmarks.forEach((row, b) => {
    assertArray(fn, `${at}.landmarks[${b}]`, row, k, 'K, as the first batch');
    row.forEach((p, j) => assertPointOrNull(fn, `${at}.landmarks[${b}][${j}]`, p));
  });
  if (batch.ids !== undefined) assertArray(fn, `${at}.ids`, batch.ids, size, 'one per image');
  if (batch.categories !== undefined) assertArray(fn, `${at}.categories`, batch.categories, size, 'one per image');
  if (batch.partMasks !== undefined) assertArray(fn, `${at}.partMasks`, batch.partMasks, size, 'one row per image');
  return size;
}

/** The batch's images as a tensor, and whether this call made it (and so must dispose it). */
export function batchTensor(images: EvaluationBatch['images']): { tensor: tf.Tensor4D; made: boolean } {
  if (images instanceof tf.Tensor) return { tensor: images, made: false };
  const [b, h, w, c] = images.shape;
  return { tensor: tf.tensor4d(images.data, [b, h, w, c], 'float32'), made: true };
}
