// Batch norm in training mode (batch statistics) with a hand-written gradient. Autodiff through tf.moments and the
// broadcast ops made batch norm over half of a vgg-small training step on WASM: every per-channel reduction over
// [N, H, W] became a Sum or Mean that transposes the whole map first, and the chain rule through the batch mean and
// variance added a dozen full-map ops per layer. Here each per-channel mean is one whole-map average pool
// (channelMeans), and the backward pass is the closed form, with ⟨·⟩ the per-channel mean over the M = N·H·W values:
//   x̂ = (x − μ)·r, r = 1/√(σ² + ε), y = γ·x̂ + β (σ² the biased batch variance)
//   ∂β = M·⟨dy⟩,  ∂γ = M·r·⟨dy·(x − μ)⟩,  ∂x = γr·dy − γr³·⟨dy·(x − μ)⟩·(x − μ) − γr·⟨dy⟩
import * as tf from '@tensorflow/tfjs-core';
import { channelMeans } from './channelMeans';

export interface BatchNormTraining {
  y: tf.Tensor4D;
  /** The batch's per-channel mean and biased variance, [C] (for the running statistics). */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/** y = γ·(x − μ)/√(σ² + ε) + β over the batch's statistics, differentiable in x, γ and β. */
export function batchNormTraining(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormTraining {
  const m = x.shape[0] * x.shape[1] * x.shape[2];
  let statistics: { mean: tf.Tensor1D; variance: tf.Tensor1D } | undefined;
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, gammaIn, betaIn, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const mean = channelMeans(xIn);
    const centred = tf.sub(xIn, mean) as tf.Tensor4D;
    const variance = channelMeans(tf.square(centred) as tf.Tensor4D);
    const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
    const scale = tf.mul(gammaIn, inverseStd);
    const value = tf.add(tf.mul(centred, scale), betaIn);
    statistics = { mean: tf.keep(mean), variance: tf.keep(variance) };
    save([centred, inverseStd, scale]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [centredS, inverseStdS, scaleS] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
        const meanDy = channelMeans(dy as tf.Tensor4D);
        const meanDyCentred = channelMeans(tf.mul(dy, centredS) as tf.Tensor4D);
        const dBeta = tf.mul(meanDy, m);
        const dGamma = tf.mul(tf.mul(meanDyCentred, inverseStdS), m);
        const centredFactor = tf.neg(tf.mul(scaleS, tf.mul(tf.square(inverseStdS), meanDyCentred)));
        const offset = tf.neg(tf.mul(scaleS, meanDy));
        const dx = tf.add(tf.add(tf.mul(dy, scaleS), tf.mul(centredS, centredFactor)), offset);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = normalise(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: statistics!.mean, variance: statistics!.variance };
}
