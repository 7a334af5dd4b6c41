// One training step of an InterpretableNet (SPEC §4): forward in training mode, classification loss (batch mean) +
// weight × filter losses (their surrogate gradients for 'paper' / 'authors'), the authors' β pseudo-gradients,
// one SGD update. Returns the step's figures as tensors for the caller to read asynchronously (no synchronous read:
// safe on GPU backends) and dispose.
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet, Labels, LossPoint, FilterCategories, MaskLayer } from '@icnn/model';
import type { Sgd } from './sgd';

export interface TrainStepOptions {
  /** 1-based epoch (the surrogate gradients decay as 1/epoch). */
  epoch: number;
  learningRate: number;
  /**
   * Weight of the filter losses in the objective. Default 1/B: the authors' gradient constants assume a loss summed
   * over the batch, and this trainer's classification loss is the batch mean (SPEC §3.2).
   */
  filterLossWeight?: number;
  /** Multi-category: each loss point's and masked layer's filter → category assignment (a CategoryTracker's). */
  filterCategories?: Partial<Record<LossPoint, FilterCategories>>;
  layerCategories?: Partial<Record<MaskLayer, FilterCategories>>;
  /** Seed of this step's dropout masks (reproducible runs). */
  dropoutSeed?: number;
}

export interface TrainStepResult {
  /** classification + weight × filter loss (the objective's forward value). */
  loss: tf.Scalar;
  classification: tf.Scalar;
  /** The filter losses' exact −MI (sum over loss points), unweighted; 0 for the ordinary net. */
  filterLoss: tf.Scalar;
  logits: tf.Tensor2D;
  /** The maps entering each mask (for category EMAs); empty for the ordinary net. */
  maskInputs: Partial<Record<MaskLayer, tf.Tensor4D>>;
}

/** Gradients arrive keyed by tfjs's variable names; the optimiser knows the net's stable names (built once per net). */
const stableNameMaps = new WeakMap<InterpretableNet, Map<string, string>>();
function stableNames(net: InterpretableNet): Map<string, string> {
  let names = stableNameMaps.get(net);
  if (names === undefined) {
    names = new Map(Object.entries(net.variables).map(([stable, v]) => [v.name, stable]));
    stableNameMaps.set(net, names);
  }
  return names;
}

export interface StepGradients extends TrainStepResult {
  /** Gradient per variable by the net's stable name (β: the authors' pseudo-gradient, 'mask_<layer>/beta'). */
  gradients: Record<string, tf.Tensor>;
}

/**
 * The forward and backward half of a step, without the update: the objective, its parts and the gradients of every
 * trainable variable and β. The caller disposes the result (`disposeStepResult`) and the gradients.
 */
export function stepGradients(net: InterpretableNet, images: tf.Tensor4D, labels: Labels, options: Omit<TrainStepOptions, 'learningRate'>): StepGradients {
  const { epoch } = options;
  if (!Number.isInteger(epoch) || epoch < 1) throw new RangeError(`trainStep: 'epoch' must be an integer ≥ 1, got ${epoch}`);
  if (!(images instanceof tf.Tensor) || images.rank !== 4) throw new RangeError(`trainStep: 'images' must be a Tensor4D [B, h, w, 3]`);
  if (!(labels instanceof tf.Tensor) || labels.shape[0] !== images.shape[0]) {
    throw new RangeError(`trainStep: 'labels' must have one row per image (B = ${images.shape[0]}), got shape [${labels instanceof tf.Tensor ? labels.shape : typeof labels}]`);
  }
  const batch = images.shape[0];
  const weight = options.filterLossWeight ?? 1 / batch;
  let kept: Omit<TrainStepResult, 'loss'> | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = net.forward(images, {
      training: true,
      labels,
      epoch,
      ...(options.filterCategories !== undefined ? { filterCategories: options.filterCategories } : {}),
      ...(options.dropoutSeed !== undefined ? { dropoutSeed: options.dropoutSeed } : {}),
    });
    const classification = net.classificationLoss(result.logits, labels);
    const maskInputs: Partial<Record<MaskLayer, tf.Tensor4D>> = {};
    for (const [layer, maps] of Object.entries(result.maskInputs) as [MaskLayer, tf.Tensor4D][]) maskInputs[layer] = tf.keep(maps);
    kept = { classification: tf.keep(classification), filterLoss: tf.keep(result.filterLoss), logits: tf.keep(result.logits), maskInputs };
    return tf.add(classification, tf.mul(result.filterLoss, weight)) as tf.Scalar;
  }, net.trainableVariables());
  const names = stableNames(net);
  const gradients: Record<string, tf.Tensor> = {};
  for (const [variableName, gradient] of Object.entries(grads)) gradients[names.get(variableName)!] = gradient;
  const betas = net.betaVariables();
  if (Object.keys(betas).length > 0) {
    const betaGradients = net.betaGradients({ maskInputs: kept!.maskInputs } as Parameters<InterpretableNet['betaGradients']>[0], {
      labels,
      ...(options.layerCategories !== undefined ? { filterCategories: options.layerCategories } : {}),
    });
    for (const [layer, gradient] of Object.entries(betaGradients) as [MaskLayer, tf.Tensor1D][]) gradients[`mask_${layer}/beta`] = gradient;
  }
  return { loss: value, ...kept!, gradients };
}

export function trainStep(net: InterpretableNet, optimizer: Sgd, images: tf.Tensor4D, labels: Labels, options: TrainStepOptions): TrainStepResult {
  const { gradients, ...result } = stepGradients(net, images, labels, options);
  optimizer.step(gradients, options.learningRate);
  tf.dispose(Object.values(gradients));
  return result;
}

/** Frees a step's result. */
export function disposeStepResult(result: TrainStepResult): void {
  const unique = new Set<tf.Tensor>([result.loss, result.classification, result.filterLoss, result.logits, ...Object.values(result.maskInputs)]);
  tf.dispose([...unique]);
}
