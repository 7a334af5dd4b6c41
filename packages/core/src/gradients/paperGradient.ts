// The paper's gradient (Eq. 3–4, SPEC §3.2): one template per image — T_µ̂ at the map's argmax for images of the
// filter's category, T⁻ for the others — with Z_T and p(x) held constant:
//   ∂Loss_f/∂x_ij ≈ −p(T̂)·t̂_ij·(e^{tr(x·T̂)}/Z_T̂)·(tr(x·T̂) − log Z_T̂ − log p(x) + 1)
// (the printed Eq. 4 has the opposite sign), weighted by λ = λ₀·(1/t)·mean_x max_ij x_ij in epoch t.
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';
import { argmaxIndex } from '../ops/maskGeometry';
import { maskValues } from '../ops/maskValues';

export interface PaperGradientInputs {
  x: tf.Tensor4D;
  /** tr(x·T) [C, B, K]. */
  scores: tf.Tensor3D;
  templates: Templates;
  /** log Z_T [C, K]: the running estimate, or this batch's. */
  logZ: tf.Tensor2D;
  /** [B, C] 0/1. */
  member: tf.Tensor2D;
  epoch: number;
  lambda0: number;
}

/** The surrogate ∂Loss_f/∂x for every filter, [B, n, n, C]. */
export function paperGradient(inputs: PaperGradientInputs): tf.Tensor4D {
  const { x, scores, templates, logZ, member, epoch, lambda0 } = inputs;
  const { prior, tau } = templates;
  const [batch, , , channels] = x.shape;
  const templatesCount = scores.shape[2];
  return tf.tidy(() => {
    // T̂'s index per filter and image: the argmax template for members, the negative one (last) otherwise.
    const peak = tf.transpose(argmaxIndex(x)); // [C, B]
    const chosen = tf.where(tf.greater(tf.transpose(member), 0), peak, tf.fill([channels, batch], templatesCount - 1, 'int32'));
    const pick = tf.oneHot(tf.cast(chosen, 'int32'), templatesCount) as tf.Tensor3D; // [C, B, K]
    const pickF = tf.cast(pick, 'float32');
    const logRatio = tf.sub(scores, tf.expandDims(logZ, 1)); // tr(x·T) − log Z_T [C, B, K]
    // p(x) ≈ Σ_T p(T)·mean_x e^{tr(x·T)}/Z_T, per filter (footnote 2).
    const logEvidence = tf.logSumExp(tf.add(tf.sub(tf.logSumExp(logRatio, 1), Math.log(batch)), tf.log(prior)), 1, true); // [C, 1]
    const chosenLogRatio = tf.sum(tf.mul(logRatio, pickF), 2); // [C, B]
    const chosenPrior = tf.sum(tf.mul(pickF, prior), 2);
    const coefficient = tf.neg(
      tf.mul(tf.mul(chosenPrior, tf.exp(chosenLogRatio)), tf.add(tf.sub(chosenLogRatio, logEvidence), 1)),
    ); // [C, B]
    const lambda = tf.mul(tf.mean(tf.max(x, [1, 2]), 0), lambda0 / epoch); // [C]
    // t̂: the positive template at the argmax (the paper mask at τ scale) for members, −τ everywhere otherwise.
    const positive = maskValues(x, { variant: 'paper', maskScale: 'tau', tau, beta: templates.beta, norm: templates.norm });
    // member·(t + τ) − τ rather than tf.where, which would tile the [B, 1, 1, C] condition to full size.
    const chosenTemplates = tf.sub(tf.mul(tf.reshape(member, [batch, 1, 1, channels]), tf.add(positive, tau)), tau);
    const weight = tf.transpose(tf.mul(coefficient, tf.expandDims(lambda, 1))); // [B, C]
    return tf.mul(chosenTemplates, tf.reshape(weight, [batch, 1, 1, channels])) as tf.Tensor4D;
  });
}
