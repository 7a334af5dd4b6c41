// What the mask playground shows, computed with @icnn/core: the mask partMask puts on a map, where it is centred
// (µ̂), and the masked map max(x ∘ mask, 0) (SPEC §2).
import * as tf from '@tensorflow/tfjs-core';
import { maskValues, partMask, type MaskOptions } from '@icnn/core';

export interface MaskViewOptions extends Pick<MaskOptions, 'variant' | 'beta' | 'maskScale' | 'placement'> {
  /** The feature map, n×n row-major (one image, one channel). */
  map: ArrayLike<number>;
  n: number;
}

export interface MaskView {
  n: number;
  /** The cell the mask is centred on: the mask's own maximum (value 1, or τ with maskScale 'tau'). */
  mu: [number, number];
  /** The argmax of the input map (first maximum, row-major), for comparison with µ̂. */
  argmax: [number, number];
  mask: number[];
  masked: number[];
}

export async function maskView(options: MaskViewOptions): Promise<MaskView> {
  const { n } = options;
  if (options.map.length !== n * n) throw new RangeError(`maskView: 'map' has ${options.map.length} values, expected n·n = ${n * n}`);
  const { map: _map, n: _n, ...maskOptions } = options;
  const [mask, masked, maskPeak, mapPeak] = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(options.map), [1, n, n, 1]);
    const m = maskValues(x, maskOptions);
    return [m, partMask(x, maskOptions), tf.argMax(tf.reshape(m, [n * n])), tf.argMax(tf.reshape(x, [n * n]))];
  });
  const [maskData, maskedData, mu, argmax] = await Promise.all([mask.data(), masked.data(), maskPeak.data(), mapPeak.data()]);
  tf.dispose([mask, masked, maskPeak, mapPeak]);
  const cell = (index: number): [number, number] => [Math.floor(index / n), index % n];
  return { n, mu: cell(mu[0]), argmax: cell(argmax[0]), mask: Array.from(maskData), masked: Array.from(maskedData) };
}
