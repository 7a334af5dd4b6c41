// The paper's gradient (Eq. 3–4, SPEC §3.2): one template per image — T_µ̂ at the map's argmax for images of the
// filter's category, T⁻ for the others — with Z_T and p(x) held constant:
//   ∂Loss_f/∂x_ij ≈ −p(T̂)·t̂_ij·(e^{tr(x·T̂)}/Z_T̂)·(tr(x·T̂) − log Z_T̂ − log p(x) + 1)
// (the printed Eq. 4 has the opposite sign), weighted by λ = λ₀·(1/t)·mean_x max_ij x_ij in epoch t.
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';
import { argmaxIndex, peakAtIndex } from '../ops/maskGeometry';
import { paperMask } from '../ops/maskValues';

export interface PaperGradientInputs {
  x: tf.Tensor4D;
  /** Only the templates' numbers (τ, β, α, n, norm) are read; the prior comes as a saved tensor. */
  templates: Templates;
  prior: tf.Tensor1D;
  /** log Z_T [C, K]: the running estimate, or this batch's. */
  logZ: tf.Tensor2D;
  /** This batch's log Z_T [C, K] (for p(x)). */
  batchLogZ: tf.Tensor2D;
  /** [B, C] 0/1. */
  member: tf.Tensor2D;
  epoch: number;
  lambda0: number;
}

/** The surrogate ∂Loss_f/∂x for every filter, [B, n, n, C]. */
export function paperGradient(inputs: PaperGradientInputs): tf.Tensor4D {
  const { x, templates, prior, logZ, batchLogZ, member, epoch, lambda0 } = inputs;
  const { tau, alpha, n } = templates;
  const [batch, , , channels] = x.shape;
  const negativeIndex = n * n;
  return tf.tidy(() => {
    const isMember = tf.reshape(member, [batch, 1, 1, channels]);
    // t̂: the positive template at the argmax (the paper mask at τ scale) for members, −τ everywhere otherwise;
    // member·(t + τ) − τ rather than tf.where, which would tile the [B, 1, 1, C] condition to full size.
    const peakIndex = argmaxIndex(x); // [B, C], shared by the template choice and the mask
    const positive = paperMask(peakAtIndex(peakIndex, x.shape), templates.n, { maskScale: 'tau', tau, beta: templates.beta, norm: templates.norm });
    const chosenTemplates = tf.sub(tf.mul(isMember, tf.add(positive, tau)), tau);
    const chosenScore = tf.transpose(tf.sum(tf.mul(x, chosenTemplates), [1, 2])); // tr(x·T̂) [C, B]
    const chosenIndex = tf.transpose(
      tf.add(tf.mul(tf.cast(peakIndex, 'float32'), member), tf.mul(tf.sub(1, member), negativeIndex)),
    ); // [C, B]
    // log Z_T̂ per filter and image, gathered from the flat [C·K] vector at c·K + k̂ (a batchDims gather of the
    // [C, K] matrix gave wrong values on wasm here, though not in a small isolated case).
    const rowStart = tf.mul(tf.range(0, channels, 1, 'float32'), negativeIndex + 1);
    const chosenLogZ = tf.gather(tf.reshape(logZ, [-1]), tf.cast(tf.add(chosenIndex, tf.expandDims(rowStart, 1)), 'int32')); // [C, B]
    const chosenPrior = tf.add(tf.mul(tf.transpose(member), alpha / (n * n) - (1 - alpha)), 1 - alpha);
    // p(x) ≈ Σ_T p(T)·mean_x e^{tr(x·T)}/Z_T, per filter (footnote 2); = 1/B when Z_T is this batch's.
    const logEvidence = tf.sub(tf.logSumExp(tf.add(tf.sub(batchLogZ, logZ), tf.log(prior)), 1, true), Math.log(batch)); // [C, 1]
    const logRatio = tf.sub(chosenScore, chosenLogZ);
    const coefficient = tf.neg(tf.mul(tf.mul(chosenPrior, tf.exp(logRatio)), tf.add(tf.sub(logRatio, logEvidence), 1))); // [C, B]
    const lambda = tf.mul(tf.mean(tf.max(x, [1, 2]), 0), lambda0 / epoch); // [C]
    const weight = tf.transpose(tf.mul(coefficient, tf.expandDims(lambda, 1))); // [B, C]
    return tf.mul(chosenTemplates, tf.reshape(weight, [batch, 1, 1, channels])) as tf.Tensor4D;
  });
}
