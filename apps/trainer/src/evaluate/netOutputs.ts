// Where the evaluation's forward passes run: on this thread, or on the forward-pass workers with the batches kept in
// their order (mapAhead), so that the figures are the same for any number of workers.
import * as tf from '@tensorflow/tfjs-core';
import type { EvaluationBatch, ImageData4D } from '@icnn/metrics/evaluate';
import type { InterpretableNet } from '@icnn/model';
import type { ForwardOutput } from '../parallel/forwardProtocol';
import type { ForwardPool, ForwardResult } from '../parallel/forwardPool';
import { mapAhead } from '../parallel/mapAhead';

/** Batches kept in flight per worker: one running, one waiting, so that no worker idles between batches. */
const IN_FLIGHT_PER_WORKER = 2;

/** The net's `output` for each item's images, in the items' order, beside the item. */
export function withOutputs<T>(
  items: AsyncIterable<T>,
  imagesOf: (item: T) => ImageData4D,
  output: ForwardOutput,
  net: InterpretableNet,
  pool: ForwardPool | null,
): AsyncGenerator<{ item: T; result: ForwardResult }> {
  if (pool === null) {
    return mapAhead(items, 1, async (item) => {
      const { data, shape } = imagesOf(item);
      const result = tf.tidy(() => net.forward(tf.tensor4d(data, [shape[0], shape[1], shape[2], shape[3]]))[output]);
      try {
        return { item, result: { data: (await result.data()) as Float32Array, shape: result.shape } };
      } finally {
        result.dispose();
      }
    });
  }
  return mapAhead(items, IN_FLIGHT_PER_WORKER * pool.count, async (item) => ({ item, result: await pool.run(imagesOf(item), output) }));
}

/**
 * The evaluation batches with their images replaced by the new conv layer's raw maps, computed on the pool: the pass
 * then takes the maps as they are (`forward` the identity).
 */
export function mapsOnPool(source: () => AsyncIterable<EvaluationBatch>, net: InterpretableNet, pool: ForwardPool): () => AsyncIterable<EvaluationBatch> {
  return async function* () {
    for await (const { item, result } of withOutputs(source(), (batch) => batch.images as ImageData4D, 'newConvRaw', net, pool)) {
      const [b, h, w, f] = result.shape;
      yield { ...item, images: { data: result.data, shape: [b, h, w, f] } };
    }
  };
}
