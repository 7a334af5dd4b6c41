// The exact −MI(X; T) of SPEC §3.1 per filter, from the template scores S = tr(x·T) [C, B, K]:
//   p(x|T) = e^S / Z_T,  Z_T = Σ_x e^S,  p(x) = Σ_T p(T) p(x|T),  −MI = −Σ_T p(T) Σ_x p(x|T) log[p(x|T)/p(x)]
//
// Computed so that both regimes stay accurate in float32. Large activations: everything in log space, shifted
// by maxima, so 1e4 stays finite. Small activations (S ≈ 0, the default τ = 0.5/n² makes S small): p(x|T) is
// close to 1/B and MI is second order in S, so the naive sum cancels to noise. Hence, with v = log(B·p(x|T)) and
// w = log(B·p(x)) (both near 0, computed with expm1/log1p), and because Σ_x p(x|T) = Σ_x p(x) = 1 over the batch,
//   MI = Σ_T p(T) Σ_x p(x)·φ(v − w),  φ(d) = d·e^d − e^d + 1 ≥ 0,
// each term non-negative, with φ taken from its series where |d| is small.
//
// The gradient is analytic, with d = log(p(x|T)/p(x)) and q = p(x|T):
//   ∂(−MI)/∂S_{x,T} = −p(T)·q_{x,T}·(d_{x,T} − Σ_x' q_{x',T} d_{x',T})
import * as tf from '@tensorflow/tfjs-core';
import { unaryCustomGrad } from './unaryCustomGrad';

// Below |d| = 0.05 the direct form of φ loses up to ~1e-7/φ to cancellation; there the series, whose first omitted
// term d⁶/144 is below 1e-7 of φ, takes over.
const SERIES_LIMIT = 0.05;

// w = log(B·p(x)) is log1p(Σ_T p(T)·(e^v − 1)), accurate near 0; the sum can round to −1 for an image that no
// template explains (e^v underflows for every T when activations are large). Flooring B·p(x) at 2⁻²³ changes such
// an image's share of the loss by at most its own, negligible p(x), and keeps log p(x) finite.
const EVIDENCE_FLOOR = 2 ** -23;

/** φ(d) = d·e^d − (e^d − 1), by its series d²/2 + d³/3 + d⁴/8 + d⁵/30 where |d| < SERIES_LIMIT; `expD` is e^d. */
function phi(d: tf.Tensor, expD: tf.Tensor): tf.Tensor {
  const direct = tf.sub(tf.mul(d, expD), tf.sub(expD, 1));
  const s = tf.clipByValue(d, -SERIES_LIMIT, SERIES_LIMIT);
  const series = tf.mul(tf.square(s), tf.add(tf.mul(s, tf.add(tf.mul(s, tf.add(tf.mul(s, 1 / 30), 1 / 8)), 1 / 3)), 0.5));
  // A 0/1 blend rather than tf.where: the comparison and the select are each ~10× an arithmetic pass on wasm.
  const useSeries = tf.step(tf.sub(SERIES_LIMIT, tf.abs(d)));
  return tf.add(direct, tf.mul(useSeries, tf.sub(series, direct)));
}

export interface MutualInformationParts {
  /** log Z_T − log B = log mean_x e^{tr(x·T)} [C, 1, K]. */
  logMeanZ: tf.Tensor3D;
  /** v = log(B·p(x|T)) [C, B, K]. */
  v: tf.Tensor3D;
  /** w = log(B·p(x)) [C, B, 1]. */
  w: tf.Tensor3D;
  /** d = v − w = log(p(x|T)/p(x)) [C, B, K]. */
  d: tf.Tensor3D;
  /** e^d [C, B, K]. */
  expD: tf.Tensor3D;
}

/**
 * log p(x|T) and log p(x), each shifted by log B so that they sit near 0 for weak signals, and their difference.
 * One full-size transcendental op (tfjs-wasm's expm1 costs ~7 ns an element): with g = log mean_x e^{S − max_x S}
 * ([C, 1, K]), e^v = e^{S − max}·e^{−g} and e^v − 1 = (e^{S − max} − 1)·e^{−g} + (e^{−g} − 1) follow from it, and
 * e^v ≤ B cannot overflow.
 */
export function mutualInformationParts(scores: tf.Tensor3D, prior: tf.Tensor1D): MutualInformationParts {
  const shift = tf.max(scores, 1, true); // [C, 1, K]
  const shifted = tf.sub(scores, shift);
  const deviations = tf.expm1(shifted); // e^{S − max} − 1
  const logMean = tf.log1p(tf.mean(deviations, 1, true)); // g ∈ [−log B, 0]
  const logMeanZ = tf.add(shift, logMean) as tf.Tensor3D;
  const v = tf.sub(shifted, logMean) as tf.Tensor3D;
  const negLogMean = tf.neg(logMean);
  const scale = tf.exp(negLogMean); // e^{−g} [C, 1, K]
  const vExpm1 = tf.add(tf.mul(deviations, scale), tf.expm1(negLogMean)); // e^v − 1, accurate near v = 0
  const evidenceExpm1 = tf.sum(tf.mul(vExpm1, prior), 2, true); // B·p(x) − 1 [C, B, 1]
  const w = tf.log1p(tf.maximum(evidenceExpm1, EVIDENCE_FLOOR - 1)) as tf.Tensor3D;
  const d = tf.sub(v, w) as tf.Tensor3D;
  // e^d = e^{S − max}·(e^{−g}·e^{−w}): a product of non-negative factors, never below 0 by rounding.
  const expD = tf.mul(tf.add(deviations, 1), tf.mul(scale, tf.exp(tf.neg(w)))) as tf.Tensor3D;
  return { logMeanZ, v, w, d, expD };
}

/** −MI per filter [C] from the parts, with p(x) and p(x|T) = p(x)·e^d for a caller that needs them. */
export function negativeMutualInformationValue(parts: MutualInformationParts, prior: tf.Tensor1D) {
  const batch = parts.v.shape[1];
  const evidence = tf.div(tf.exp(parts.w), batch); // p(x) [C, B, 1]
  // Σ_T p(T)·φ first: a sum along the innermost axis, on wasm about twice as fast as one across the batch.
  const perImage = tf.sum(tf.mul(phi(parts.d, parts.expD), prior), 2, true); // [C, B, 1]
  return { value: tf.neg(tf.sum(tf.mul(perImage, evidence), [1, 2])) as tf.Tensor1D, evidence };
}

/** −MI per filter: [C], differentiable with respect to the scores. */
export function negativeMutualInformation(scores: tf.Tensor3D, prior: tf.Tensor1D): tf.Tensor1D {
  const loss = unaryCustomGrad((s, save) => {
    const parts = mutualInformationParts(s as tf.Tensor3D, prior);
    const { value, evidence } = negativeMutualInformationValue(parts, prior);
    save([tf.mul(evidence, parts.expD), parts.d, prior]); // p(x|T) = p(x)·e^d, d, and p(T) (saved, not closed over)
    return {
      value,
      gradFunc: (dy, [q, dSaved, priorSaved]) => {
        const centred = tf.sub(dSaved, tf.sum(tf.mul(q, dSaved), 1, true));
        const weight = tf.mul(tf.neg(priorSaved), tf.reshape(dy, [-1, 1, 1])); // −p(T)·dy [C, 1, K]: one small product
        return tf.mul(tf.mul(q, centred), weight);
      },
    };
  });
  return loss(scores) as tf.Tensor1D;
}
