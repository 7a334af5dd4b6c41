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
  /** The template scores tr(x·T) [C, B, K] of the forward pass (tr(x·T̂) is read from them). */
  scores: tf.Tensor3D;
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
  const { x, scores, templates, prior, logZ, batchLogZ, member, epoch, lambda0 } = inputs;
  const { tau, alpha, n } = templates;
  const [batch, , , channels] = x.shape;
  const negativeIndex = n * n;
  return tf.tidy(() => {
    const peakIndex = argmaxIndex(x); // [B, C], shared by the template choice and the mask
    const chosenIndex = tf.cast(
      tf.transpose(tf.add(tf.mul(tf.cast(peakIndex, 'float32'), member), tf.mul(tf.sub(1, member), negativeIndex))),
      'int32',
    ); // k̂ [C, B]
    // Per filter and image, tr(x·T̂) and log Z_T̂ are gathered from the flat scores [C·B·K] and log Z_T [C·K]
    // (a batchDims gather gave wrong values on wasm here, though not in a small isolated case); reading tr(x·T̂)
    // from the forward's scores saves two full-size passes over x. Indices in int32: float32 is exact only to 2²⁴.
    const k = negativeIndex + 1;
    const offsets = (count: number, step: number) => tf.range(0, count * step, step, 'int32'); // exact int32 ramps
    const scoreAt = tf.add(tf.add(tf.expandDims(offsets(channels, batch * k), 1), tf.expandDims(offsets(batch, k), 0)), chosenIndex);
    const chosenScore = tf.gather(tf.reshape(scores, [-1]), scoreAt); // tr(x·T̂) [C, B]
    const chosenLogZ = tf.gather(tf.reshape(logZ, [-1]), tf.add(tf.expandDims(offsets(channels, k), 1), chosenIndex)); // [C, B]
    const chosenPrior = tf.add(tf.mul(tf.transpose(member), alpha / (n * n) - (1 - alpha)), 1 - alpha);
    // p(x) ≈ Σ_T p(T)·mean_x e^{tr(x·T)}/Z_T, per filter (footnote 2); = 1/B when Z_T is this batch's.
    const logEvidence = tf.sub(tf.logSumExp(tf.add(tf.sub(batchLogZ, logZ), tf.log(prior)), 1, true), Math.log(batch)); // [C, 1]
    const logRatio = tf.sub(chosenScore, chosenLogZ);
    const coefficient = tf.neg(tf.mul(tf.mul(chosenPrior, tf.exp(logRatio)), tf.add(tf.sub(logRatio, logEvidence), 1))); // [C, B]
    // max_ij x per map is the value at the argmax, gathered rather than reduced again: [B, C] → mean over the batch.
    const peakAt = tf.add(tf.add(tf.expandDims(offsets(batch, n * n * channels), 1), tf.mul(peakIndex, tf.scalar(channels, 'int32'))), offsets(channels, 1));
    const lambda = tf.mul(tf.mean(tf.gather(tf.reshape(x, [-1]), peakAt), 0), lambda0 / epoch); // [C]
    const weight = tf.reshape(tf.transpose(tf.mul(coefficient, tf.expandDims(lambda, 1))), [batch, 1, 1, channels]);
    // weight·t̂, t̂ the positive template at the argmax (τ × the unit paper mask) for members and −τ everywhere for
    // the others: unit·(member·τ·weight) + (member − 1)·τ·weight, so that only two passes run at full size.
    const isMember = tf.reshape(member, [batch, 1, 1, channels]);
    const unit = paperMask(peakAtIndex(peakIndex, x.shape), n, { maskScale: 'unit', beta: templates.beta, norm: templates.norm });
    const tauWeight = tf.mul(weight, tau);
    return tf.add(tf.mul(unit, tf.mul(isMember, tauWeight)), tf.mul(tf.sub(isMember, 1), tauWeight)) as tf.Tensor4D;
  });
}
