// What a trained network is judged by: classification accuracy on the validation split, and location instability
// of the new conv layer's raw output (SPEC §6) over the positives, beside the fixed-placement references and the
// part-tracking R² that fixed placement cannot fake (@icnn/metrics).
import * as tf from '@tensorflow/tfjs-core';
import { batches } from '@icnn/datasets';
import { evaluateFilters, type FilterEvaluation } from '@icnn/metrics/evaluate';
import type { InterpretableNet } from '@icnn/model';
import { batchAccuracy } from '@icnn/training';
import type { PreparedData } from '../data/prepareData';
import { evaluationBatches } from '../data/evaluationBatches';

export interface RunMetrics {
  /** Validation accuracy (single category: binary; multi: as SPEC §6). */
  accuracy: number;
  locationInstability: number;
  /** The same filters' instability had each fired at one fixed place (lower = easier to fake). */
  references: { mostFrequent: number; bestPosition: number; random: number } | null;
  /** Mean R² of landmark position explained by the filter's peak (combined x, y). */
  partTracking: number | null;
  partInterpretability?: number;
  validationImages: number;
  evaluationImages: number;
}

export interface NetworkEvaluation {
  metrics: RunMetrics;
  filters: FilterEvaluation;
}

export async function validationAccuracy(net: InterpretableNet, data: PreparedData, batchSize: number): Promise<{ accuracy: number; images: number }> {
  let correct = 0;
  let total = 0;
  let images = 0;
  for await (const batch of batches(data.set.val, { batchSize, load: data.load, size: data.size, mean: data.mean })) {
    const count = batch.shape[0];
    const counts = tf.tidy(() => {
      const x = tf.tensor4d(batch.images, [...batch.shape]);
      const { logits } = net.forward(x);
      const labels =
        net.options.loss === 'softmax'
          ? tf.oneHot(tf.tensor1d(batch.classes, 'int32'), net.options.classes)
          : net.options.classes === 1
            ? tf.tensor1d(batch.labels)
            : tf.tensor2d(batch.labels, [count, net.options.classes]);
      const result = batchAccuracy(logits, labels as tf.Tensor2D, net.options.loss);
      return tf.stack([result.correct, result.total]);
    });
    const [c, t] = await counts.data();
    counts.dispose();
    correct += c;
    total += t;
    images += count;
  }
  return { accuracy: total > 0 ? correct / total : Number.NaN, images };
}

export async function evaluateNetwork(net: InterpretableNet, data: PreparedData, batchSize: number, onProgress?: (done: number, total: number) => void): Promise<NetworkEvaluation> {
  const { accuracy, images: validationImages } = await validationAccuracy(net, data, batchSize);
  const total = data.evaluation.items.length;
  const filters = await evaluateFilters({
    forward: (x) => net.forward(x).newConvRaw,
    batches: evaluationBatches(data, data.evaluation, batchSize),
    receptiveField: { stride: net.tap.stride, centre: net.tap.receptiveField.centre },
    inputSize: [data.size.height, data.size.width],
    landmarkNames: data.landmarkNames,
    categoryNames: data.categories,
    // Part interpretability (SPEC §6) where the data has part masks: thresholds and IoU on the new layer's map after
    // its ReLU (the mask is left out so that the ordinary and interpretable nets are measured on the same map).
    ...(data.partNames ? { partNames: data.partNames, parts: { images: total, forward: (x: tf.Tensor4D) => tf.relu(net.forward(x).newConvRaw) } } : {}),
    ...(onProgress ? { onBatch: (done: number) => onProgress(done, total) } : {}),
  });
  const references = filters.references
    ? { mostFrequent: filters.references.mostFrequent.value, bestPosition: filters.references.bestPosition.value, random: filters.references.random.value }
    : null;
  return {
    metrics: {
      accuracy,
      locationInstability: filters.instability.value,
      references,
      partTracking: filters.tracking ? filters.tracking.value.combined : null,
      ...(filters.parts ? { partInterpretability: filters.parts.value } : {}),
      validationImages,
      evaluationImages: filters.ids.length,
    },
    filters,
  };
}
