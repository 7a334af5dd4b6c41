// The variables the net adds to its backbone: the new 3×3 conv (M = C filters), the head (k×k conv → hidden → 1×1
// hidden → 1×1 L, stored in conv form as MatConvNet does) and the authors' per-channel mask β. New layers start from
// a Gaussian with σ = 0.01 (SPEC §4; seeded per variable name) or, for training from scratch, σ = √(2/fan-in) (He),
// and zero biases.
import * as tf from '@tensorflow/tfjs-core';
import { seedFor } from '@icnn/backbone';

export const NEW_CONV = 'newConv';
export const HEAD_LAYERS = ['fc6', 'fc7', 'fc8'] as const;

export interface NewLayerShapes {
  /** Channels of the backbone tap (and of the new conv: M = C). */
  channels: number;
  /** Side of the pooled map: the first head layer's kernel. */
  pooled: number;
  hidden: number;
  classes: number;
}

/** Kernel shapes by layer name. */
export function newLayerKernelShapes(s: NewLayerShapes): Record<string, [number, number, number, number]> {
  return {
    [NEW_CONV]: [3, 3, s.channels, s.channels],
    fc6: [s.pooled, s.pooled, s.channels, s.hidden],
    fc7: [1, 1, s.hidden, s.hidden],
    fc8: [1, 1, s.hidden, s.classes],
  };
}

/** σ of the new layers' Gaussian: a number, or 'he' for √(2/fan-in) per layer. */
export type NewLayerStd = number | 'he';

/** Creates '<layer>/kernel' and '<layer>/bias' for the new conv and the head; `prefix` makes tfjs names unique. */
export function createNewLayerVariables(shapes: NewLayerShapes, seed: number, prefix: string, std: NewLayerStd = 0.01): Record<string, tf.Variable> {
  const variables: Record<string, tf.Variable> = {};
  for (const [layer, shape] of Object.entries(newLayerKernelShapes(shapes))) {
    const sigma = std === 'he' ? Math.sqrt(2 / (shape[0] * shape[1] * shape[2])) : std;
    variables[`${layer}/kernel`] = tf.tidy(() =>
      tf.variable(tf.randomNormal(shape, 0, sigma, 'float32', seedFor(`${seed}/${layer}`)), true, `${prefix}/${layer}/kernel`),
    );
    variables[`${layer}/bias`] = tf.tidy(() => tf.variable(tf.zeros([shape[3]]), true, `${prefix}/${layer}/bias`));
  }
  return variables;
}

/** The authors' β of a masked layer, [C], learned by its own rule (not by autodiff: not trainable). */
export function createBetaVariable(layer: string, channels: number, initial: number, prefix: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.fill([channels], initial), false, `${prefix}/mask_${layer}/beta`));
}
