// What a trained network is judged by: classification accuracy on the validation split, and location instability
// of the new conv layer's raw output (SPEC §6) over the positives, beside the fixed-placement references and the
// part-tracking R² that fixed placement cannot fake (@icnn/metrics) — on the paper's box crops and again on the
// shifted protocol's crops (box 1.5×, moved by up to ±25%), where parts move within the crop and a filter fixed at
// one cell loses to one that follows its part. The forward passes run on this thread or on N worker threads
// (`parallel`); the batches' order is kept either way, so the figures do not depend on N.
import * as tf from '@tensorflow/tfjs-core';
import { batches, jitterSplit, SHIFTED_EVALUATION, type SetSplit } from '@icnn/datasets';
import { evaluateFilters, type FilterEvaluation } from '@icnn/metrics/evaluate';
import type { InterpretableNet } from '@icnn/model';
import { batchAccuracy } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import type { PreparedData } from '../data/prepareData';
import { evaluationBatches } from '../data/evaluationBatches';
import { startForwardPool, type ForwardPool } from '../parallel/forwardPool';
import { mapsOnPool, withOutputs } from './netOutputs';

/** Location instability, its fixed-placement references and part tracking, on one evaluation protocol. */
export interface LocationFigures {
  locationInstability: number;
  /** The same filters' instability had each fired at one fixed place (lower = easier to fake). */
  references: { mostFrequent: number; bestPosition: number; random: number } | null;
  /** Mean R² of landmark position explained by the filter's peak (combined x, y). */
  partTracking: number | null;
  /**
   * A diagnostic beside it: the mean R² of the best tenth of the filters (at least one). Whether any filter follows a
   * part at all; selecting the best inflates it (noise alone gives several times the mean's ≈ 0.02 floor).
   */
  partTrackingBestTenth?: number | null;
}

/** The paper's protocol (object box crops) at the top level, the shifted protocol's figures under `shifted`. */
export interface RunMetrics extends LocationFigures {
  /** Validation accuracy (single category: binary; multi: as SPEC §6). */
  accuracy: number;
  partInterpretability?: number;
  validationImages: number;
  /** Images left out of the data because they cannot be read (named on stderr when the data was prepared). */
  skippedImages: number;
  evaluationImages: number;
  /** The same figures on the shifted protocol (SHIFTED_EVALUATION boxes, seeded by `evalSeed`). */
  shifted: LocationFigures;
}

export interface NetworkEvaluation {
  metrics: RunMetrics;
  filters: FilterEvaluation;
}

/** A validation accuracy as printed: NaN (no validation images; prepareData warned) reads 'n/a'. */
export function accuracyText(accuracy: number): string {
  return Number.isNaN(accuracy) ? 'n/a' : accuracy.toFixed(3);
}

export async function validationAccuracy(net: InterpretableNet, data: PreparedData, batchSize: number, pool: ForwardPool | null = null): Promise<{ accuracy: number; images: number }> {
  let correct = 0;
  let total = 0;
  let images = 0;
  const stream = batches(data.set.val, { batchSize, load: data.load, size: data.size, mean: data.mean });
  for await (const { item: batch, result } of withOutputs(stream, (batch) => ({ data: batch.images, shape: batch.shape }), 'logits', net, pool)) {
    const count = batch.shape[0];
    const counts = tf.tidy(() => {
      const logits = tf.tensor2d(result.data, [count, result.shape[1]]);
      const labels =
        net.options.loss === 'softmax'
          ? tf.oneHot(tf.tensor1d(batch.classes, 'int32'), net.options.classes)
          : net.options.classes === 1
            ? tf.tensor1d(batch.labels)
            : tf.tensor2d(batch.labels, [count, net.options.classes]);
      const accuracy = batchAccuracy(logits, labels as tf.Tensor2D, net.options.loss);
      return tf.stack([accuracy.correct, accuracy.total]);
    });
    const [c, t] = await counts.data();
    counts.dispose();
    correct += c;
    total += t;
    images += count;
  }
  return { accuracy: total > 0 ? correct / total : Number.NaN, images };
}

export interface EvaluateNetworkOptions {
  batchSize: number;
  /** Seed of the shifted protocol's box offsets: one seed for every network of a comparison. */
  evalSeed: number;
  /** Images done of both passes together (the paper's, then the shifted one), and the pass running. */
  onProgress?: (done: number, total: number, protocol: 'paper' | 'shifted') => void;
  /**
   * Forward passes on worker threads (wasm and cpu backends; other backends stay on this thread): the options the
   * net was built from and how many workers. The figures are the same for any number.
   */
  parallel?: { options: TrainerOptions; workers: number; workerScript?: URL | string };
}

function locationFigures(filters: FilterEvaluation): LocationFigures {
  const references = filters.references;
  return {
    locationInstability: filters.instability.value,
    references: references ? { mostFrequent: references.mostFrequent.value, bestPosition: references.bestPosition.value, random: references.random.value } : null,
    partTracking: filters.tracking ? filters.tracking.value.combined : null,
    partTrackingBestTenth: filters.tracking ? bestTenthMean(filters.tracking.perFilter.combined) : null,
  };
}

/** Mean of the largest tenth (at least one) of the finite values; null when there are none. */
export function bestTenthMean(values: readonly number[]): number | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => b - a);
  if (finite.length === 0) return null;
  const best = finite.slice(0, Math.max(1, Math.round(finite.length / 10)));
  return best.reduce((sum, v) => sum + v, 0) / best.length;
}

export async function evaluateNetwork(net: InterpretableNet, data: PreparedData, options: EvaluateNetworkOptions): Promise<NetworkEvaluation> {
  const { evalSeed, parallel } = options;
  if (!(Number.isInteger(evalSeed) && evalSeed >= 0)) throw new RangeError(`evaluateNetwork: 'evalSeed' must be an integer ≥ 0, got ${evalSeed}`);
  const onCpu = tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu';
  const pool = parallel !== undefined && parallel.workers > 1 && onCpu ? await startForwardPool({ options: parallel.options, net, workers: parallel.workers, ...(parallel.workerScript !== undefined ? { workerScript: parallel.workerScript } : {}) }) : null;
  try {
    return await evaluateOn(net, data, options, pool);
  } finally {
    await pool?.close();
  }
}

async function evaluateOn(net: InterpretableNet, data: PreparedData, options: EvaluateNetworkOptions, pool: ForwardPool | null): Promise<NetworkEvaluation> {
  const { batchSize, evalSeed, onProgress } = options;
  const { accuracy, images: validationImages } = await validationAccuracy(net, data, batchSize, pool);
  const perPass = data.evaluation.items.length;
  // On the pool, the batches arrive as the new conv layer's maps and the pass takes them as they are.
  const newConvRaw = pool === null ? (x: tf.Tensor4D) => net.forward(x).newConvRaw : (maps: tf.Tensor4D) => tf.clone(maps);
  const source = (split: SetSplit, batchOptions?: { partMasks?: boolean }) => {
    const images = evaluationBatches(data, split, batchSize, batchOptions);
    return pool === null ? images : mapsOnPool(images, net, pool);
  };
  const common = {
    forward: newConvRaw,
    receptiveField: { stride: net.tap.stride, centre: net.tap.receptiveField.centre },
    inputSize: [data.size.height, data.size.width] as const,
    landmarkNames: data.landmarkNames,
    categoryNames: data.categories,
  };
  const filters = await evaluateFilters({
    ...common,
    batches: source(data.evaluation),
    // Part interpretability (SPEC §6) where the data has part masks: thresholds and IoU on the new layer's map after
    // its ReLU (the mask is left out so that the ordinary and interpretable nets are measured on the same map).
    ...(data.partNames ? { partNames: data.partNames, parts: { images: perPass, forward: (x: tf.Tensor4D) => tf.relu(newConvRaw(x)) } } : {}),
    ...(onProgress ? { onBatch: (done: number) => onProgress(done, 2 * perPass, 'paper') } : {}),
  });
  // The same objects, same mean and loader, each cropped from its box enlarged and shifted by a seeded offset (the
  // crop loaders clamp it to the image); location figures only, and no top images (the report shows the paper's).
  const shifted = await evaluateFilters({
    ...common,
    batches: source(jitterSplit(data.evaluation, SHIFTED_EVALUATION, evalSeed), { partMasks: false }),
    keepTop: 0,
    ...(onProgress ? { onBatch: (done: number) => onProgress(perPass + done, 2 * perPass, 'shifted') } : {}),
  });
  return {
    metrics: {
      accuracy,
      ...locationFigures(filters),
      ...(filters.parts ? { partInterpretability: filters.parts.value } : {}),
      validationImages,
      skippedImages: data.skippedImages.length,
      evaluationImages: filters.ids.length,
      shifted: locationFigures(shifted),
    },
    filters,
  };
}
