// What an epoch asks of one batch: train on it and say how it went. The default does it here, on this thread's
// backend; a data-parallel runner (the trainer's worker pool) offers the same contract, so the epoch loop, its
// schedule, progress and resume stay one piece of code whichever computes the step.
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet } from '@icnn/model';
import { batchAccuracy } from './batchAccuracy';
import type { CategoryTracker } from './categoryTracker';
import type { Sgd } from './sgd';
import { disposeStepResult, trainStep, type TrainStepOptions } from './trainStep';

/** What runEpoch needs of a batch (the shape of @icnn/datasets' Batch). */
export interface TrainingBatch {
  /** [B, h, w, 3] NHWC float32, normalised. */
  images: Float32Array;
  shape: readonly [number, number, number, 3];
  /** [B, L] row-major, ±1 per category. */
  labels: Float32Array;
}

/** One step's figures, read back (batch means for the losses, counts for accuracy). */
export interface StepFigures {
  loss: number;
  classification: number;
  filterLoss: number;
  correct: number;
  total: number;
}

/** Trains on one batch (one optimiser update) and folds the step into the category EMAs, if any. */
export type BatchStep = (batch: TrainingBatch, options: TrainStepOptions) => Promise<StepFigures>;

/** A step on this thread's backend (only asynchronous reads: safe on GPU backends and in a browser tab). */
export function localBatchStep(net: InterpretableNet, optimizer: Sgd, categories?: CategoryTracker): BatchStep {
  const classes = net.options.classes;
  return async (batch, options) => {
    const count = batch.shape[0];
    const images = tf.tensor4d(batch.images, [...batch.shape]);
    const labels = classes === 1 ? tf.tensor1d(batch.labels) : tf.tensor2d(batch.labels, [count, classes]);
    const result = trainStep(net, optimizer, images, labels, options);
    const accuracy = batchAccuracy(result.logits, labels, net.options.loss);
    try {
      if (categories !== undefined && labels.rank === 2) await categories.update(result.maskInputs, labels as tf.Tensor2D);
      const [loss, classification, filterLoss, correct, total] = await Promise.all(
        [result.loss, result.classification, result.filterLoss, accuracy.correct, accuracy.total].map(async (t) => (await t.data())[0]),
      );
      return { loss, classification, filterLoss, correct, total };
    } finally {
      tf.dispose([images, labels, accuracy.correct, accuracy.total]);
      disposeStepResult(result);
    }
  };
}
