// The training step the check measures and compares across backends: @icnn/training's (what the trainer runs) —
// classification loss + filter losses (weight 1/B), β pseudo-gradients, SGD with momentum — with no weight decay so
// that one step's change is the gradient's alone.
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet } from '@icnn/model';
import { createNetOptimizer, stepGradients, trainStep, type TrainStepResult } from '@icnn/training';

export interface StepOptions {
  learningRate: number;
  momentum: number;
  /** Seed of the dropout masks, so that two backends drop the same units. */
  dropoutSeed?: number;
}

export interface LossParts {
  total: tf.Scalar;
  classification: tf.Scalar;
  filter: tf.Scalar;
}

/** Frees what a step returns besides the loss parts. */
function keepParts(result: TrainStepResult): LossParts {
  const parts = { total: result.loss, classification: result.classification, filter: result.filterLoss };
  const kept = new Set<tf.Tensor>(Object.values(parts));
  tf.dispose([result.logits, ...Object.values(result.maskInputs)].filter((t) => !kept.has(t)));
  return parts;
}

/** Loss parts and the gradient of the objective for every trainable variable and β, keyed by the net's stable names. */
export function lossAndGradients(
  net: InterpretableNet,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  options: Pick<StepOptions, 'dropoutSeed'>,
): { parts: LossParts; gradients: Record<string, tf.Tensor> } {
  const { gradients, ...result } = stepGradients(net, x, labels, { epoch: 1, ...(options.dropoutSeed !== undefined ? { dropoutSeed: options.dropoutSeed } : {}) });
  return { parts: keepParts(result), gradients };
}

export interface Trainer {
  /** One step: forward, backward, momentum update. Returns the total loss (the caller disposes it). */
  step(x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar;
  dispose(): void;
}

export function createTrainer(net: InterpretableNet, options: StepOptions): Trainer {
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: 0 });
  return {
    step(x, labels) {
      const result = trainStep(net, optimizer, x, labels, {
        epoch: 1,
        learningRate: options.learningRate,
        ...(options.dropoutSeed !== undefined ? { dropoutSeed: options.dropoutSeed } : {}),
      });
      const parts = keepParts(result);
      tf.dispose([parts.classification, parts.filter].filter((t) => t !== parts.total));
      return parts.total;
    },
    dispose: () => optimizer.dispose(),
  };
}
