import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@icnn/test-utils';
import type { Maps } from './reference64';

/** Random non-negative maps (post-ReLU-like, some exact zeros), as float64 and as a float32 tensor of the same values. */
export function randomMaps(seed: number, b: number, n: number, c: number, scale = 1): { maps: Maps; x: tf.Tensor4D } {
  const random = seededRandom(seed);
  const data = new Float64Array(b * n * n * c);
  for (let i = 0; i < data.length; i++) data[i] = Math.fround(Math.max(0, random() * 1.2 - 0.2) * scale);
  return { maps: { data, b, n, c }, x: tf.tensor4d(Float32Array.from(data), [b, n, n, c]) };
}

/** Maps with one blob per map at a random cell (a part seen at different places) over weak noise. */
export function blobMaps(seed: number, b: number, n: number, c: number, scale = 1): { maps: Maps; x: tf.Tensor4D } {
  const random = seededRandom(seed);
  const data = new Float64Array(b * n * n * c);
  for (let bi = 0; bi < b; bi++) {
    for (let ci = 0; ci < c; ci++) {
      const pi = random() * (n - 1);
      const pj = random() * (n - 1);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const blob = Math.max(0, 1 - (Math.abs(i - pi) + Math.abs(j - pj)) / 2);
          data[((bi * n + i) * n + j) * c + ci] = Math.fround(scale * (blob + 0.2 * random()));
        }
      }
    }
  }
  return { maps: { data, b, n, c }, x: tf.tensor4d(Float32Array.from(data), [b, n, n, c]) };
}
