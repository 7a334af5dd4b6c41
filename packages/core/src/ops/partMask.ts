// The mask layer (SPEC §2): x_masked = max(x ∘ mask, 0), with the mask a constant in backprop:
// ∂L/∂x = ∂L/∂x_masked ∘ max(mask, 0), and no gradient reaches the peak µ (tfjs has no stopGradient, hence
// customGrad).
import * as tf from '@tensorflow/tfjs-core';
import { assertFeatureMaps, assertOneOf } from '../validate';
import { maskValues, type MaskOptions } from './maskValues';
import { unaryCustomGrad } from './unaryCustomGrad';

export function partMask(x: tf.Tensor4D, options: MaskOptions = {}): tf.Tensor4D {
  assertFeatureMaps('partMask', 'x', x);
  assertOneOf('partMask', 'variant', options.variant ?? 'paper', ['paper', 'authors'] as const);
  assertOneOf('partMask', 'maskScale', options.maskScale ?? 'unit', ['tau', 'unit'] as const);
  assertOneOf('partMask', 'placement', options.placement ?? 'peak', ['peak', 'centre'] as const);
  if (options.beta instanceof tf.Tensor && (options.beta.rank !== 1 || options.beta.shape[0] !== x.shape[3])) {
    throw new RangeError(`partMask: 'beta' must be a number or a Tensor1D [C = ${x.shape[3]}], got shape [${options.beta.shape}]`);
  }
  const masked = unaryCustomGrad((input, save) => {
    const mask = maskValues(input as tf.Tensor4D, options);
    const passing = tf.relu(mask);
    save([passing]);
    return {
      value: tf.relu(tf.mul(input, mask)),
      gradFunc: (dy, saved) => tf.mul(dy, saved[0]),
    };
  });
  return masked(x) as tf.Tensor4D;
}
