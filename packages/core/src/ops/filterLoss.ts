// The filter loss (SPEC §3): its value is always the exact −MI(X; T) of the batch, reduced over filters; its
// gradient is autodiff of that value ('exact') or one of the two surrogates ('paper', 'authors'), each standing
// in for ∂Loss_f/∂x and reduced over filters the same way as the value.
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';
import { authorsGradient } from '../gradients/authorsGradient';
import { checkFilterCategories, checkLabels, membership, type ClassifierLoss, type LabelOptions } from '../gradients/membership';
import { paperGradient } from '../gradients/paperGradient';
import { updateRunningPartition, type RunningPartition } from '../gradients/runningPartition';
import { assertFeatureMaps, assertFinite, assertOneOf, assertPositiveInteger, assertTemplatesFit } from '../validate';
import { DEFAULT_BETA } from './maskValues';
import { mutualInformationParts, negativeMutualInformation, negativeMutualInformationValue } from './mutualInformation';
import { templateMatrix, templateScores } from './templateScores';
import { unaryCustomGrad } from './unaryCustomGrad';

export type Reduction = 'mean' | 'sum' | 'none';
export type FilterGradient = 'exact' | 'paper' | 'authors';

export interface FilterLossOptions extends LabelOptions {
  /** Over filters: 'mean' (default) → Scalar, 'sum' → Scalar, 'none' → Tensor1D [C]. */
  reduction?: Reduction;
  /** 'exact' (default): autodiff of −MI; 'paper': Eq. 3–4; 'authors': the released code's gradient. */
  gradient?: FilterGradient;
  /** 1-based epoch; the paper's λ and the authors' normaliser decay as 1/epoch. Default 1. */
  epoch?: number;
  /** 'paper': λ₀ in λ = λ₀·(1/epoch)·mean_x max_ij x_ij. Default 1. */
  lambda0?: number;
  /** 'paper': running log Z_T (createRunningPartition()); without it each batch's own Z_T is used. */
  partition?: RunningPartition;
  /** 'authors': the mask's β, a number or Tensor1D [C] (learned, §3.4). Default 2. */
  beta?: number | tf.Tensor1D;
  /** 'authors': the classification loss, which sets the normaliser (softmax: ÷5 or ÷50). Default 'logistic'. */
  classifier?: ClassifierLoss;
  /** Reject NaN/Inf in x. Default: on for backends that read synchronously (cpu, wasm, tensorflow). */
  checkFinite?: boolean;
}

function authorsNormaliser(classifier: ClassifierLoss, classes: number): number {
  if (classifier === 'softmax' && classes > 1) return classes <= 10 ? 50 : 500;
  return 10;
}

/** Applies the reduction's per-filter weight (dy/C, dy, or dy[c]) to a [B, n, n, C] surrogate gradient. */
function reduceGradient(perFilter: tf.Tensor4D, dy: tf.Tensor, reduction: Reduction): tf.Tensor4D {
  const channels = perFilter.shape[3];
  const weight = reduction === 'mean' ? tf.div(dy, channels) : dy;
  return tf.mul(perFilter, reduction === 'none' ? tf.reshape(weight, [1, 1, 1, channels]) : weight) as tf.Tensor4D;
}

function reduce(perFilter: tf.Tensor1D, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return perFilter;
  return reduction === 'sum' ? tf.sum(perFilter) : tf.mean(perFilter);
}

export function filterLoss(x: tf.Tensor4D, templates: Templates, options: FilterLossOptions = {}): tf.Tensor {
  const op = 'filterLoss';
  assertFeatureMaps(op, 'x', x);
  assertTemplatesFit(op, x, templates);
  const reduction = options.reduction ?? 'mean';
  const gradient = options.gradient ?? 'exact';
  const epoch = options.epoch ?? 1;
  assertOneOf(op, 'reduction', reduction, ['mean', 'sum', 'none'] as const);
  assertOneOf(op, 'gradient', gradient, ['exact', 'paper', 'authors'] as const);
  assertOneOf(op, 'classifier', options.classifier ?? 'logistic', ['logistic', 'softmax'] as const);
  assertPositiveInteger(op, 'epoch', epoch);
  checkLabels(op, options.labels, x.shape[0], gradient !== 'exact');
  if (options.labels) {
    checkFilterCategories(op, options.filterCategories, x.shape[3], options.labels.rank === 2 ? options.labels.shape[1]! : 1);
  }
  if (options.beta instanceof tf.Tensor && (options.beta.rank !== 1 || options.beta.shape[0] !== x.shape[3])) {
    throw new RangeError(`${op}: 'beta' must be a number or a Tensor1D [C = ${x.shape[3]}], got shape [${options.beta.shape}]`);
  }
  assertFinite(op, 'x', x, options.checkFinite);

  if (gradient === 'exact') {
    return tf.tidy(() => reduce(negativeMutualInformation(templateScores(x, templateMatrix(templates)), templates.prior), reduction));
  }
  const withSurrogate = unaryCustomGrad((input, save) => {
    const maps = input as tf.Tensor4D;
    const matrix = templateMatrix(templates);
    const scores = templateScores(maps, matrix);
    const parts = mutualInformationParts(scores, templates.prior);
    const value = reduce(negativeMutualInformationValue(parts, templates.prior).value, reduction);
    // Everything the backward pass needs is derived and saved here: tensors the caller created inside the function
    // being differentiated (labels, say) are disposed before the backward pass runs.
    const groups = membership(options.labels!, maps.shape[3], options.filterCategories);
    const groupTensors = [groups.member, groups.positiveWeight, groups.negativeWeight];
    if (gradient === 'paper') {
      // The running Z_T advances once per forward pass, here, so the backward pass only reads it.
      const batchLogZ = tf.add(tf.squeeze(parts.logMeanZ, [1]), Math.log(maps.shape[0])) as tf.Tensor2D;
      const logZ = options.partition ? updateRunningPartition(options.partition, batchLogZ) : batchLogZ;
      save([maps, ...groupTensors, logZ, batchLogZ, templates.prior, scores]);
    } else {
      const beta = options.beta instanceof tf.Tensor ? tf.clone(options.beta) : tf.scalar(options.beta ?? DEFAULT_BETA.authors);
      save([maps, ...groupTensors, beta]);
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [x, member, positiveWeight, negativeWeight, ...rest] = saved as [tf.Tensor4D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, ...tf.Tensor[]];
        const perFilter =
          gradient === 'paper'
            ? paperGradient({
                x,
                member,
                logZ: rest[0] as tf.Tensor2D,
                batchLogZ: rest[1] as tf.Tensor2D,
                prior: rest[2] as tf.Tensor1D,
                scores: rest[3] as tf.Tensor3D,
                templates,
                epoch,
                lambda0: options.lambda0 ?? 1,
              })
            : authorsGradient({
                x,
                beta: rest[0],
                member,
                positiveWeight,
                negativeWeight,
                epoch,
                normaliser: authorsNormaliser(options.classifier ?? 'logistic', groups.classes),
              });
        return reduceGradient(perFilter, dy, reduction);
      },
    };
  });
  return withSurrogate(x);
}
