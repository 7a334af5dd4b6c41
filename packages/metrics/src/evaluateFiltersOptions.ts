// What `evaluateFilters` takes and gives, and the check that turns its options into the settings the passes read.
import type * as tf from '@tensorflow/tfjs-core';
import { batchPasses, type BatchIterable, type BatchSource } from './batchSource';
import type { CellGeometry } from './cellCentres';
import type { FilterRecord } from './filterRecords';
import type { InstabilityReferences } from './instabilityReferences';
import type { InstabilityCategories } from './locationInput';
import type { LocationInstability } from './locationInstability';
import type { PartInterpretability } from './partInterpretability';
import type { PartTracking, PartTrackingOptions } from './partTracking';
import type { TopImage } from './topImages';
import type { Point } from './types';
import { assertArray, assertNumber, assertObject, describe } from './validate';

export interface PartEvaluationOptions {
  /**
   * The maps part interpretability thresholds and up-samples: whatever this returns is "after ReLU and mask"
   * (SPEC §6), the pass applies neither; default: `forward`'s output (then pass a `forward` that ends in ReLU and
   * mask if the paper's maps are wanted). Square h×h maps with F filters, as `forward`'s.
   */
  forward?: (images: tf.Tensor4D) => tf.Tensor4D;
  /**
   * T_f per filter, fixed beforehand (one pass). Absent: computed exactly in the evaluation (T_f with
   * p(x > T_f) = 1 − `quantile` over all cells of all images), which needs `batches` to be a function returning a
   * fresh iterable: with `images` given, pass 1 streams the thresholds beside the peaks and pass 2 computes the IoU;
   * without it, pass 1 counts the images, pass 2 computes the thresholds and pass 3 the IoU.
   */
  thresholds?: ArrayLike<number>;
  /** The number of images the batches hold in all, known up front (sizes the threshold heaps). */
  images?: number;
  /** Activation quantile of computed thresholds; default 0.995. */
  quantile?: number;
  /** Disc radius of an active cell in pixels; default as `partInterpretability` (stride/√π). */
  radius?: number;
  /** IoU above which a filter matches a part; default 0.2. */
  iouThreshold?: number;
}

export interface EvaluateFiltersOptions {
  /** The layer's maps [B, h, w, F] for a batch of inputs (e.g. the new conv's raw output); run inside `tf.tidy`. */
  forward: (images: tf.Tensor4D) => tf.Tensor4D;
  /**
   * The dataset, batch by batch (an async generator that loads lazily keeps host memory low), or a function that
   * returns a fresh iterable over the same images in the same order (needed when part thresholds are computed).
   */
  batches: BatchSource;
  /** Cell → pixel geometry of the layer, as `featureInfo[i].receptiveField` (with its `stride`). */
  receptiveField: CellGeometry;
  /** Network input size in pixels: [height, width] or one side of a square; the diagonal normalises distances. */
  inputSize: number | readonly [number, number];
  /** Images per D_{f,k}; default 100. */
  topK?: number;
  /** A filter whose maximum is ≤ this on an image is silent there (left out); default −Infinity (never). */
  silentAtOrBelow?: number;
  /** Multi-category location instability (`imageCategory` comes from the batches' `categories`). */
  categories?: Omit<InstabilityCategories, 'imageCategory' | 'activation'>;
  /** Fixed-placement references (candidates: every cell centre of the layer); false to skip. */
  references?: { samples?: number; seed?: number } | false;
  /** Part tracking (R²) options; false to skip. */
  tracking?: PartTrackingOptions | false;
  /** Part interpretability over the batches' `partMasks`; absent: skipped. */
  parts?: PartEvaluationOptions;
  /** How many top-scoring images to keep per filter for the pictures; default 8. */
  keepTop?: number;
  /** Names for the records. */
  landmarkNames?: readonly string[];
  categoryNames?: readonly string[];
  partNames?: readonly string[];
  /** Leave input tensors undisposed (default: the pass disposes each batch's `images` tensor after use). */
  keepInputs?: boolean;
  /** Called after each batch with the number of images done. */
  onBatch?: (imagesDone: number) => void;
}

export interface FilterEvaluation {
  records: FilterRecord[];
  instability: LocationInstability;
  references: InstabilityReferences | null;
  tracking: PartTracking | null;
  parts: PartInterpretability | null;
  /** [F][I] peak positions (null where silent) and scores, the inputs of the location metrics. */
  positions: (Point | null)[][];
  scores: Float32Array[];
  /** [I][K] landmarks, [I] ids, in evaluation order. */
  landmarks: (Point | null)[][];
  ids: (string | number)[];
  /** Mean over images of each filter's max activation. */
  meanActivation: number[];
  /** Per filter, its `keepTop` best images. */
  topImages: TopImage[][];
  /** Layer map size in cells and input size in pixels. */
  mapSize: { height: number; width: number; filters: number };
  inputSize: { height: number; width: number };
}

/** The checked options with their defaults, as the passes read them. */
export interface EvaluationSettings {
  /** One pass over the batches per call. */
  pass: () => BatchIterable;
  geometry: CellGeometry;
  input: { height: number; width: number };
  silent: number;
  keepTop: number;
  keepInputs: boolean;
}

/** Checks `options` (errors name `fn` and the bad option) and returns the settings the passes share. */
export function evaluationSettings(fn: string, options: EvaluateFiltersOptions): EvaluationSettings {
  assertObject(fn, 'options', options, '{ forward, batches, receptiveField, inputSize, ... }');
  if (typeof options.forward !== 'function') throw new TypeError(`${fn}: 'forward' must be a function (images) => Tensor4D, got ${describe(options.forward)}`);
  const source = batchPasses(fn, 'batches', options.batches);
  assertObject(fn, 'receptiveField', options.receptiveField, '{ stride, centre }');
  const geometry = options.receptiveField;
  assertNumber(fn, 'receptiveField.stride', geometry.stride, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  assertNumber(fn, 'receptiveField.centre', geometry.centre, Number.isFinite, 'a finite number');
  const input = inputSizeOf(fn, options.inputSize);
  const silent = options.silentAtOrBelow ?? -Infinity;
  assertNumber(fn, 'silentAtOrBelow', silent, () => true, 'a number');
  const keepTop = options.keepTop ?? 8;
  assertNumber(fn, 'keepTop', keepTop, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const parts = options.parts;
  if (parts !== undefined) {
    assertObject(fn, 'parts', options.parts as unknown, '{ thresholds?, images?, quantile?, forward?, radius?, iouThreshold? }');
    if (parts.thresholds !== undefined) assertArray(fn, 'parts.thresholds', parts.thresholds);
    if (parts.forward !== undefined && typeof parts.forward !== 'function') throw new TypeError(`${fn}: 'parts.forward' must be a function, got ${describe(parts.forward)}`);
    if (parts.images !== undefined) assertNumber(fn, 'parts.images', parts.images, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    if (parts.quantile !== undefined) assertNumber(fn, 'parts.quantile', parts.quantile, (v) => v > 0 && v < 1, 'in (0, 1)');
    if (parts.thresholds === undefined && !source.reusable) {
      throw new TypeError(`${fn}: 'parts.thresholds' is absent, so the thresholds are computed in the pass and the IoU needs another: 'batches' must be a function returning a fresh iterable (it is a one-shot iterable)`);
    }
  }
  return { pass: source.pass, geometry, input, silent, keepTop, keepInputs: options.keepInputs === true };
}

function inputSizeOf(fn: string, size: unknown): { height: number; width: number } {
  if (typeof size === 'number') {
    assertNumber(fn, 'inputSize', size, (v) => Number.isInteger(v) && v >= 1, 'a positive integer or [height, width]');
    return { height: size, width: size };
  }
  assertArray(fn, 'inputSize', size, 2, '[height, width]');
  const height = (size as ArrayLike<unknown>)[0];
  const width = (size as ArrayLike<unknown>)[1];
  assertNumber(fn, 'inputSize[0]', height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer (height)');
  assertNumber(fn, 'inputSize[1]', width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer (width)');
  return { height, width };
}
