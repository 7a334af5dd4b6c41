// Convolution biases a backbone lacks but a weights file has (Keras ResNet50), folded into the batch norm that
// follows each conv: BN(conv(x) + b) uses (conv(x) + b − mean), so the same function without the bias has
// moving mean' = mean − b. Scale, offset and variance are unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { nestedLayers, type Backbone, type LayerSpec } from '@icnn/backbone';
import type { WeightTarget } from './assignWeights';

export interface BiasFold {
  /** '<conv>/bias': the name the file's bias maps to (the backbone has no such variable). */
  bias: string;
  /** '<batch norm>/movingMean' of the batch norm right after the conv. */
  movingMean: string;
  filters: number;
}

/** Every bias-free conv directly followed by a batch norm in `layers` (nested residual and concat branches included). */
export function foldableBiases(layers: readonly LayerSpec[], variables: Backbone['variables']): BiasFold[] {
  const out: BiasFold[] = [];
  const walk = (list: readonly LayerSpec[]) => {
    list.forEach((layer, i) => {
      nestedLayers(layer).forEach(walk);
      const next = list[i + 1];
      if (layer.kind !== 'conv' || layer.bias !== false || next?.kind !== 'batchNorm') return;
      const kernel = variables[`${layer.name}/kernel`];
      if (kernel === undefined || variables[`${layer.name}/bias`] !== undefined) return;
      out.push({ bias: `${layer.name}/bias`, movingMean: `${next.name}/movingMean`, filters: kernel.shape[3] as number });
    });
  };
  walk(layers);
  return out;
}

/**
 * A stand-in for a bias variable: takes the loaded values (checked like any weight) and keeps them as a tensor
 * until the fold, so that nothing is read back to JS (a synchronous read stalls or fails on GPU backends).
 */
export function biasCollector(filters: number): WeightTarget & { values: () => tf.Tensor1D; dispose: () => void } {
  let values: tf.Tensor1D | undefined;
  return {
    shape: [filters],
    dtype: 'float32',
    assign(tensor: tf.Tensor) {
      values?.dispose();
      values = tf.keep(tf.clone(tensor)) as tf.Tensor1D; // the loader disposes `tensor` right after this call
    },
    values() {
      if (values === undefined) throw new Error('biasCollector: no bias was loaded');
      return values;
    },
    dispose() {
      values?.dispose();
      values = undefined;
    },
  } as WeightTarget & { values: () => tf.Tensor1D; dispose: () => void };
}

/** moving mean −= bias, for every fold whose bias was loaded; the collected biases are disposed. */
export function applyBiasFolds(folds: readonly BiasFold[], collected: Readonly<Record<string, ReturnType<typeof biasCollector>>>, variables: Backbone['variables']): void {
  try {
    for (const fold of folds) {
      const mean = variables[fold.movingMean];
      tf.tidy(() => mean.assign(tf.sub(mean, collected[fold.bias].values())));
    }
  } finally {
    for (const collector of Object.values(collected)) collector.dispose();
  }
}
