// The maps behind the heat-map pictures: the evaluation pass keeps no maps, so rerun `forward` on the few chosen
// images (e.g. each filter's top images) in small batches and read back only the chosen (filter, image) maps.
import * as tf from '@tensorflow/tfjs-core';
import { batchTensor, type ImageData4D } from './evaluationBatch';
import { assertArray, assertNumber, assertObject, describe } from './validate';

export interface FilterMapRequest {
  filter: number;
  /** The image's running index in the evaluation (`TopImage.index`). */
  image: number;
}

export interface FilterMap extends FilterMapRequest {
  /** h×w row-major, ready for `heatMapOverlay({ map, mapShape })`. */
  map: Float32Array;
  mapShape: [number, number];
}

export interface FilterMapsOptions {
  /** The layer's maps [B, h, w, F] (the same function as the evaluation's, or the ReLU-and-mask maps). */
  forward: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Which maps: each (filter, image) pair. */
  pairs: readonly FilterMapRequest[];
  /** Loads the given images (running indices, ascending, at most `batchSize`) as one [B, H, W, C] batch in that order. */
  loadImages: (indices: number[]) => tf.Tensor4D | ImageData4D | Promise<tf.Tensor4D | ImageData4D>;
  /** Images per forward call; default 8. */
  batchSize?: number;
}

/** The requested maps in the order of `pairs`; every tensor made (the loaded batches included) is disposed. */
export async function filterMaps(options: FilterMapsOptions): Promise<FilterMap[]> {
  const fn = 'filterMaps';
  assertObject(fn, 'options', options as unknown, '{ forward, pairs, loadImages, batchSize? }');
  if (typeof options.forward !== 'function') throw new TypeError(`${fn}: 'forward' must be a function (images) => Tensor4D, got ${describe(options.forward)}`);
  if (typeof options.loadImages !== 'function') throw new TypeError(`${fn}: 'loadImages' must be a function (indices) => images, got ${describe(options.loadImages)}`);
  const batchSize = options.batchSize ?? 8;
  assertNumber(fn, 'batchSize', batchSize, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertArray(fn, 'pairs', options.pairs);
  const pairs = options.pairs;
  pairs.forEach((pair, p) => {
    assertObject(fn, `pairs[${p}]`, pair as unknown, '{ filter, image }');
    assertNumber(fn, `pairs[${p}].filter`, pair.filter, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
    assertNumber(fn, `pairs[${p}].image`, pair.image, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  });
  const images = [...new Set(pairs.map((pair) => pair.image))].sort((a, b) => a - b);
  const out = new Array<FilterMap>(pairs.length);
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const loaded = await options.loadImages(chunk.slice());
    const { tensor, made } = loaded instanceof tf.Tensor ? { tensor: loaded, made: true } : batchTensor(loaded as ImageData4D);
    const wanted = pairs.map((pair, p) => [pair, p] as const).filter(([pair]) => chunk.includes(pair.image));
    let picked: tf.Tensor | null = null;
    try {
      if (tensor.rank !== 4 || tensor.shape[0] !== chunk.length) {
        throw new RangeError(`${fn}: 'loadImages' returned [${tensor.shape}] for ${chunk.length} images [${chunk}], expected [${chunk.length}, H, W, C]`);
      }
      let shape: [number, number] = [0, 0];
      picked = tf.tidy(() => {
        const maps = options.forward(tensor);
        if (!(maps instanceof tf.Tensor) || maps.rank !== 4 || maps.shape[0] !== chunk.length) {
          throw new TypeError(`${fn}: 'forward' must return a Tensor4D [${chunk.length}, h, w, F], got ${maps instanceof tf.Tensor ? `[${maps.shape}]` : describe(maps)}`);
        }
        const [b, h, w, filters] = maps.shape;
        shape = [h, w];
        for (const [pair, p] of wanted) {
          if (pair.filter >= filters) throw new RangeError(`${fn}: 'pairs[${p}].filter' is ${pair.filter}, but 'forward' gives ${filters} filters`);
        }
        const rows = tf.reshape(tf.transpose(maps, [0, 3, 1, 2]), [b * filters, h * w]);
        return tf.gather(rows, tf.tensor1d(wanted.map(([pair]) => chunk.indexOf(pair.image) * filters + pair.filter), 'int32'));
      });
      const values = await picked.data();
      const cells = shape[0] * shape[1];
      wanted.forEach(([pair, p], row) => {
        out[p] = { filter: pair.filter, image: pair.image, map: Float32Array.from(values.subarray(row * cells, (row + 1) * cells)), mapShape: [shape[0], shape[1]] };
      });
    } finally {
      picked?.dispose();
      if (made) tensor.dispose();
    }
  }
  return out;
}
