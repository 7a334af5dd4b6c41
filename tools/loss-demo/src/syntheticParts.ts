// Small grey images, each with one "part" (a plus sign) at a random place over clutter (random dots and a decoy
// square), so that a filter can only localise the part by learning its shape.
import { createRandom } from '@icnn/random';
import * as tf from '@tensorflow/tfjs-core';

export interface PartImages {
  images: tf.Tensor4D; // [B, size, size, 1]
  /** The part's centre per image, [row, col] in pixels. */
  centres: [number, number][];
}

export function partImages(count: number, size: number, seed: number): PartImages {
  const random = createRandom(seed).next;
  const pixels = new Float32Array(count * size * size);
  const centres: [number, number][] = [];
  const put = (b: number, r: number, c: number, v: number) => {
    if (r >= 0 && r < size && c >= 0 && c < size) pixels[(b * size + r) * size + c] = v;
  };
  for (let b = 0; b < count; b++) {
    for (let k = 0; k < size; k++) put(b, Math.floor(random() * size), Math.floor(random() * size), 0.6 * random());
    const dr = 2 + Math.floor(random() * (size - 4));
    const dc = 2 + Math.floor(random() * (size - 4));
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) put(b, dr + i, dc + j, 0.7); // decoy: a filled square
    const r = 3 + Math.floor(random() * (size - 6));
    const c = 3 + Math.floor(random() * (size - 6));
    for (let k = -2; k <= 2; k++) {
      put(b, r + k, c, 1);
      put(b, r, c + k, 1);
    }
    centres.push([r, c]);
  }
  return { images: tf.tensor4d(pixels, [count, size, size, 1]), centres };
}
