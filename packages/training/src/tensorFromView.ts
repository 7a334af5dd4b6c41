// A float32 tensor from a view of a buffer the caller rewrites later (the shared weights, a scratch reused every
// step). The wasm backend copies an array into its heap when the tensor is made, so the view can go in as it is; the
// cpu backend keeps the array it is given (and others may read it later), so they get a copy. This saves a
// weights-sized allocation per step, and the garbage collections that come with it, on every wasm worker.
import * as tf from '@tensorflow/tfjs-core';

const COPY_ON_CREATION = new Set(['wasm']);

export function tensorFromView(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(COPY_ON_CREATION.has(tf.getBackend()) ? values : values.slice(), shape, 'float32');
}
