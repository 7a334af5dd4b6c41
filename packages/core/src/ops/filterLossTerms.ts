// The decomposition of SPEC §3.1, reported as diagnostics: Loss_f = −H(T) + H(T′|X) + Σ_x p(T⁺,x)·H(T⁺|X=x).
// It holds exactly because Z_T is summed over exactly the maps the loss sums over (this batch).
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';
import { assertFeatureMaps, assertFinite, assertTemplatesFit } from '../validate';
import { mutualInformationParts, negativeMutualInformationValue } from './mutualInformation';
import { templateMatrix, templateScores } from './templateScores';

export interface FilterLossTerms extends tf.NamedTensorMap {
  /** −MI per filter [C]. */
  loss: tf.Tensor1D;
  /** H(T) = −Σ_T p(T) log p(T), the same for every filter [C]. */
  priorEntropy: tf.Tensor1D;
  /** H(T′|X) = −Σ_x p(x) Σ_{T ∈ {T⁻, T⁺}} p(T|x) log p(T|x) [C]. */
  interCategoryEntropy: tf.Tensor1D;
  /** Σ_x p(T⁺, x) · H(T⁺|X = x), over p̃(T_µ|x) = p(T_µ|x)/p(T⁺|x) [C]. */
  spatialEntropy: tf.Tensor1D;
}

/** −p log p summed over `axis`, from log p (finite even where p underflows). */
function entropyFromLog(logP: tf.Tensor, axis: number): tf.Tensor {
  return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), axis));
}

export function filterLossTerms(x: tf.Tensor4D, templates: Templates, options: { checkFinite?: boolean } = {}): FilterLossTerms {
  assertFeatureMaps('filterLossTerms', 'x', x);
  assertTemplatesFit('filterLossTerms', x, templates);
  assertFinite('filterLossTerms', 'x', x, options.checkFinite);
  const channels = x.shape[3];
  const cells = templates.n * templates.n;
  return tf.tidy(() => {
    const scores = templateScores(x, templateMatrix(templates));
    const logPrior = tf.log(templates.prior) as tf.Tensor1D;
    const parts = mutualInformationParts(scores, templates.prior);
    const { v, w } = parts;
    const logEvidence = tf.sub(w, Math.log(x.shape[0])); // log p(x) [C, B, 1]
    const logPosterior = tf.sub(tf.add(v, logPrior), w); // log p(T|x) = log p(T) + log p(x|T) − log p(x) [C, B, K]
    const [logPositive, logNegative] = tf.split(logPosterior, [cells, 1], 2);
    const logPositiveTotal = tf.logSumExp(logPositive, 2, true); // log p(T⁺|x) [C, B, 1]
    const evidence = tf.exp(tf.squeeze(logEvidence, [2])); // p(x) [C, B]
    const interCategoryEntropy = tf.sum(
      tf.mul(evidence, entropyFromLog(tf.concat([logNegative, logPositiveTotal], 2), 2)),
      1,
    );
    const spatial = entropyFromLog(tf.logSoftmax(logPositive, 2), 2); // H(T⁺|X = x) [C, B]
    const jointPositive = tf.exp(tf.squeeze(tf.add(logEvidence, logPositiveTotal), [2])); // p(T⁺, x)
    const spatialEntropy = tf.sum(tf.mul(jointPositive, spatial), 1);
    const priorEntropy = tf.broadcastTo(entropyFromLog(logPrior, 0), [channels]);
    return {
      loss: negativeMutualInformationValue(parts, templates.prior).value, // the same parts: computed once
      priorEntropy,
      interCategoryEntropy,
      spatialEntropy,
    } as FilterLossTerms;
  });
}
