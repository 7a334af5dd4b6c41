// Where the evaluation reads its batches from: one iterable (one pass) or a function that returns a fresh iterable
// each time it is called (as many passes as needed), and the loop that walks one pass disposing what it owns.
import * as tf from '@tensorflow/tfjs-core';
import { batchTensor, checkBatch, type EvaluationBatch } from './evaluationBatch';
import { describe } from './validate';

export type BatchIterable = AsyncIterable<EvaluationBatch> | Iterable<EvaluationBatch>;
/** A dataset that can be walked again: each call returns a fresh iterable over the same images in the same order. */
export type BatchFactory = () => BatchIterable;
export type BatchSource = BatchIterable | BatchFactory;

function isIterable(value: unknown): value is BatchIterable {
  return (
    value != null &&
    (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
  );
}

/** Validates `source` (named `name`) and returns a function giving one pass; `reusable` when it can give several. */
export function batchPasses(fn: string, name: string, source: unknown): { pass: () => BatchIterable; reusable: boolean } {
  if (typeof source === 'function') {
    return {
      reusable: true,
      pass: () => {
        const batches = (source as BatchFactory)();
        if (!isIterable(batches)) throw new TypeError(`${fn}: '${name}()' must return an AsyncIterable or Iterable of batches, got ${describe(batches)}`);
        return batches;
      },
    };
  }
  if (!isIterable(source)) throw new TypeError(`${fn}: '${name}' must be an AsyncIterable or Iterable of batches, or a function returning one, got ${describe(source)}`);
  let used = false;
  return {
    reusable: false,
    pass: () => {
      if (used) throw new TypeError(`${fn}: '${name}' is a one-shot iterable; pass a function returning a fresh iterable to allow several passes`);
      used = true;
      return source;
    },
  };
}

/**
 * Walks one pass: validates each batch (`checkBatch`), makes its input tensor, calls `visit`, and disposes the input
 * (the batch's own tensor too, unless `keepInputs`), also on errors. Empty batches are skipped. Returns the images seen.
 */
export async function forEachBatch(
  fn: string,
  batches: BatchIterable,
  keepInputs: boolean,
  visit: (batch: EvaluationBatch, images: tf.Tensor4D, n: number, size: number) => Promise<void>,
): Promise<number> {
  let n = 0;
  let images = 0;
  let landmarkCount: number | null = null;
  for await (const batch of batches as AsyncIterable<EvaluationBatch>) {
    const owned = !keepInputs && batch?.images instanceof tf.Tensor ? batch.images : null;
    let size: number;
    try {
      size = checkBatch(fn, batch, n, landmarkCount);
    } catch (error) {
      owned?.dispose();
      throw error;
    }
    if (size > 0) {
      landmarkCount ??= batch.landmarks[0].length;
      const { tensor, made } = batchTensor(batch.images);
      try {
        await visit(batch, tensor, n, size);
      } finally {
        if (made || owned !== null) tensor.dispose();
      }
    } else {
      owned?.dispose();
    }
    images += size;
    n++;
  }
  return images;
}
