// What buildInterpretableNet returns.
import type * as tf from '@tensorflow/tfjs-core';
import type { Backbone, FeatureInfo } from '@icnn/backbone';
import type { LabelOptions } from '@icnn/core';
import type { LossPoint, MaskLayer, ResolvedNetOptions } from './options';
import type { PoolSpec } from './postPool';

export type FilterCategories = NonNullable<LabelOptions['filterCategories']>;
export type Labels = tf.Tensor1D | tf.Tensor2D;

export interface NetForwardOptions {
  /** Dropout, batch statistics in batch norm, and the chosen filter-loss gradient. Default false. */
  training?: boolean;
  /**
   * Image labels for the filter losses' 'paper' / 'authors' gradients (required in training with those):
   * Tensor1D [B] for one category (> 0 = positive) or Tensor2D [B, L] (> 0 = labelled).
   */
  labels?: Labels;
  /** 1-based epoch (the surrogate gradients decay as 1/epoch). Default 1. */
  epoch?: number;
  /** Each loss point's filter → category assignment (multi-category; from @icnn/core's category EMA). */
  filterCategories?: Partial<Record<LossPoint, FilterCategories>>;
  /** Seed of the dropout masks (default: unseeded). */
  dropoutSeed?: number;
}

export interface NetForwardResult {
  /** Class scores [B, L]. */
  logits: tf.Tensor2D;
  /** The new conv layer's output before its ReLU, mask and pool [B, n, n, M] (what the metrics measure). */
  newConvRaw: tf.Tensor4D;
  /** The backbone tap the interpretable layers follow (after its ReLU, before any mask) [B, n, n, C]. */
  topFeatures: tf.Tensor4D;
  /**
   * Sum of the loss points' filter losses (each reduced over its filters as `filterLossReduction` says); its
   * gradient is the chosen one in training, the exact one otherwise. 0 for the ordinary net.
   */
  filterLoss: tf.Scalar;
  /** Each loss point's filter loss. Empty for the ordinary net and with `filterLosses: false`. */
  filterLosses: Partial<Record<LossPoint, tf.Scalar>>;
  /** The maps entering each mask (post-ReLU), for β learning and category EMAs. Empty for the ordinary net. */
  maskInputs: Partial<Record<MaskLayer, tf.Tensor4D>>;
}

export interface BetaGradientRequest {
  labels: Labels;
  filterCategories?: Partial<Record<MaskLayer, FilterCategories>>;
}

export interface InterpretableNet {
  readonly backbone: Backbone;
  readonly options: ResolvedNetOptions;
  /** [h, w, 3]: the backbone's input. */
  readonly inputShape: readonly [number, number, 3];
  /** The tap the interpretable layers follow, with its geometry (the new conv keeps it: 3×3, pad 1, stride 1). */
  readonly tap: FeatureInfo;
  /** The pool after the new layer, and the side k of its output (the first head layer's kernel). */
  readonly pool: PoolSpec;
  readonly pooledSize: number;
  /**
   * Every variable the net uses by a stable name: 'backbone/<its stable name>' for the backbone's (up to the tap; 'backbone/conv1_1/kernel'),
   * 'newConv/…', 'fc6/…', 'fc7/…', 'fc8/…', and 'mask_top/beta', 'mask_newConv/beta' (authors, interpretable).
   */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  forward(x: tf.Tensor4D, options?: NetForwardOptions): NetForwardResult;
  /** Variables for the optimiser: the backbone's up to the tap, the new conv and the head (not β, not BN statistics). */
  trainableVariables(): tf.Variable[];
  /** The authors' mask β per masked layer ([C], learned by `betaGradients`); empty otherwise. */
  betaVariables(): Partial<Record<MaskLayer, tf.Variable>>;
  /**
   * The β pseudo-gradients (@icnn/core betaGradient) from a forward result's mask inputs; apply them with lr ×
   * BETA_LEARNING_RATE_MULTIPLIER (0.05), momentum, no weight decay. The caller disposes them.
   */
  betaGradients(result: NetForwardResult, request: BetaGradientRequest): Partial<Record<MaskLayer, tf.Tensor1D>>;
  /** This net's classification loss (its `loss` kind) of `logits` against `labels`. */
  classificationLoss(logits: tf.Tensor2D, labels: Labels, reduction?: 'mean' | 'sum'): tf.Scalar;
  /** Trainable parameters (backbone up to the tap, new conv, head; β not counted). */
  countParams(): number;
  /** Frees the net's own variables, templates and running statistics, and the backbone if the net created it. */
  dispose(): void;
}
