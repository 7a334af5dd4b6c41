// The evaluation pass (issue 5): run a model over a dataset in batches, take each filter's peak cell per image, map
// it to input pixels through the layer's receptive-field geometry, and feed the location metrics (and, given part
// masks and thresholds, part interpretability), producing per-filter records. Memory is bounded by one batch on the
// device and O(F·I) numbers on the host (one peak and one score per filter and image, which the top-K needs).
import * as tf from '@tensorflow/tfjs-core';
import { cellCentre, type CellGeometry } from './cellCentres';
import { batchTensor, checkBatch, type EvaluationBatch } from './evaluationBatch';
import { buildFilterRecords, type FilterRecord } from './filterRecords';
import { instabilityReferences, type InstabilityReferences } from './instabilityReferences';
import type { InstabilityCategories } from './locationInput';
import { locationInstability, type LocationInstability } from './locationInstability';
import { mapPeaks } from './mapPeaks';
import { partInterpretability, type PartInterpretability } from './partInterpretability';
import { partTracking, type PartTracking, type PartTrackingOptions } from './partTracking';
import { argmaxFinite, meanOfFinite } from './statistics';
import { TopImages, type TopImage } from './topImages';
import type { Point } from './types';
import { assertArray, assertNumber, assertObject, describe } from './validate';

export interface PartEvaluationOptions {
  /**
   * The maps part interpretability thresholds (after ReLU and mask, SPEC §6); default: `forward`'s output. Must
   * have the same h×w×F as `forward`'s.
   */
  forward?: (images: tf.Tensor4D) => tf.Tensor4D;
  /**
   * T_f per filter. Required: the 0.995 quantile over all cells of all images needs every cell, which a single
   * bounded-memory pass cannot keep; compute it beforehand (e.g. on a subset with `quantileThreshold`).
   */
  thresholds: ArrayLike<number>;
  /** Disc radius of an active cell in pixels; default as `partInterpretability` (stride/√π). */
  radius?: number;
  /** IoU above which a filter matches a part; default 0.2. */
  iouThreshold?: number;
}

export interface EvaluateFiltersOptions {
  /** The layer's maps [B, h, w, F] for a batch of inputs (e.g. the new conv's raw output); run inside `tf.tidy`. */
  forward: (images: tf.Tensor4D) => tf.Tensor4D;
  /** The dataset, batch by batch (an async generator that loads lazily keeps host memory low). */
  batches: AsyncIterable<EvaluationBatch> | Iterable<EvaluationBatch>;
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

/**
 * Runs `forward` over every batch, reads back only each map's argmax cell and max (`await data()`), disposes every
 * tensor it makes (and each batch's input tensor unless `keepInputs`), and computes `locationInstability`, its
 * `instabilityReferences`, `partTracking`, optionally `partInterpretability`, and `buildFilterRecords`.
 * The peak cell (r, c) maps to (centre + c·stride, centre + r·stride) in input pixels (`cellCentre`); landmarks are
 * expected in the same frame.
 */
export async function evaluateFilters(options: EvaluateFiltersOptions): Promise<FilterEvaluation> {
  const fn = 'evaluateFilters';
  assertObject(fn, 'options', options, '{ forward, batches, receptiveField, inputSize, ... }');
  if (typeof options.forward !== 'function') throw new TypeError(`${fn}: 'forward' must be a function (images) => Tensor4D, got ${describe(options.forward)}`);
  const batches = options.batches as unknown;
  if (batches == null || (typeof (batches as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' && typeof (batches as Iterable<unknown>)[Symbol.iterator] !== 'function')) {
    throw new TypeError(`${fn}: 'batches' must be an AsyncIterable or Iterable of batches, got ${describe(batches)}`);
  }
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
    assertObject(fn, 'parts', parts, '{ thresholds, forward?, radius?, iouThreshold? }');
    assertArray(fn, 'parts.thresholds', parts.thresholds);
    if (parts.forward !== undefined && typeof parts.forward !== 'function') throw new TypeError(`${fn}: 'parts.forward' must be a function, got ${describe(parts.forward)}`);
  }

  let filters = -1;
  let mapHeight = 0;
  let mapWidth = 0;
  let landmarkCount: number | null = null;
  const positions: (Point | null)[][] = [];
  const scoreRows: number[][] = [];
  const landmarks: (Point | null)[][] = [];
  const ids: (string | number)[] = [];
  const imageCategory: (number | null)[] = [];
  let top: TopImages | null = null;
  const partSums = { matches: [] as Float64Array[], iou: [] as Float64Array[], partImages: null as Float64Array | null };

  let n = 0;
  for await (const batch of batches as AsyncIterable<EvaluationBatch>) {
    const owned = !options.keepInputs && batch?.images instanceof tf.Tensor ? batch.images : null;
    let size: number;
    try {
      size = checkBatch(fn, batch, n, landmarkCount);
    } catch (error) {
      owned?.dispose();
      throw error;
    }
    if (size === 0) {
      owned?.dispose();
      n++;
      continue;
    }
    const { tensor, made } = batchTensor(batch.images);
    try {
      landmarkCount ??= batch.landmarks[0].length;
      const maps = tf.tidy(() => options.forward(tensor));
      let partMaps: tf.Tensor | null = null;
      try {
        if (parts !== undefined && batch.partMasks !== undefined) partMaps = parts.forward ? tf.tidy(() => parts.forward!(tensor)) : maps;
        const peaks = await mapPeaks(fn, maps);
        if (peaks.batch !== size) throw new RangeError(`${fn}: 'forward' returned ${peaks.batch} maps for batches[${n}] of ${size} images`);
        if (filters < 0) {
          filters = peaks.filters;
          mapHeight = peaks.height;
          mapWidth = peaks.width;
          for (let f = 0; f < filters; f++) {
            positions.push([]);
            scoreRows.push([]);
          }
          top = new TopImages(filters, keepTop);
          if (parts !== undefined) assertArray(fn, 'parts.thresholds', parts.thresholds, filters, `one per filter (forward gives ${filters})`);
        } else if (peaks.filters !== filters || peaks.height !== mapHeight || peaks.width !== mapWidth) {
          throw new RangeError(`${fn}: 'forward' returned maps [${peaks.height}, ${peaks.width}, ${peaks.filters}] for batches[${n}], expected [${mapHeight}, ${mapWidth}, ${filters}] as before`);
        }
        for (let b = 0; b < size; b++) {
          const index = ids.length;
          const id = batch.ids?.[b] ?? index;
          ids.push(id);
          landmarks.push(batch.landmarks[b].map((p) => (p === null ? null : ([p[0], p[1]] as Point))));
          imageCategory.push(batch.categories?.[b] ?? null);
          for (let f = 0; f < filters; f++) {
            const cell = peaks.cell[b * filters + f];
            const score = peaks.value[b * filters + f];
            if (!Number.isFinite(score)) throw new RangeError(`${fn}: filter ${f}'s map on image ${describe(id)} (batches[${n}] image ${b}) has maximum ${score}, not a finite number`);
            const row = Math.floor(cell / mapWidth);
            const column = cell % mapWidth;
            const peak = cellCentre(geometry, row, column);
            positions[f].push(score <= silent ? null : peak);
            scoreRows[f].push(score);
            top!.offer(f, { index, id, score, peak, cell: [row, column] });
          }
        }
        if (partMaps !== null) await accumulateParts(fn, partMaps, batch, n, parts!, geometry, input, partSums);
      } finally {
        if (partMaps !== null && partMaps !== maps) partMaps.dispose();
        maps.dispose();
      }
    } finally {
      if (made || owned !== null) tensor.dispose();
    }
    n++;
    options.onBatch?.(ids.length);
  }
  if (filters < 0) throw new RangeError(`${fn}: 'batches' held no images`);

  const diagonal = Math.hypot(input.width, input.height);
  const scores = scoreRows.map((row) => Float32Array.from(row));
  const categories =
    options.categories === undefined ? undefined : { ...options.categories, ...(options.categories.form === 'authors' ? { imageCategory } : {}) };
  const locationInput = { positions, scores, landmarks, diagonal, topK: options.topK, categories };
  const instability = locationInstability(locationInput);
  const candidates: Point[] = [];
  for (let r = 0; r < mapHeight; r++) for (let c = 0; c < mapWidth; c++) candidates.push(cellCentre(geometry, r, c));
  const references = options.references === false ? null : instabilityReferences({ ...locationInput, candidates, ...(options.references ?? {}) });
  const tracking = options.tracking === false ? null : partTracking({ ...locationInput, ...(options.tracking ?? {}) });
  const partResult = parts === undefined || partSums.partImages === null ? null : finishParts(partSums, Array.from(parts.thresholds));
  const meanActivation = scores.map((row) => meanOfFinite(Array.from(row)));
  const records = buildFilterRecords({
    filters,
    instability,
    ...(references ? { references } : {}),
    ...(tracking ? { tracking } : {}),
    ...(partResult ? { parts: partResult } : {}),
    meanActivation,
    landmarkNames: options.landmarkNames,
    categoryNames: options.categoryNames,
    partNames: options.partNames,
  });
  return {
    records,
    instability,
    references,
    tracking,
    parts: partResult,
    positions,
    scores,
    landmarks,
    ids,
    meanActivation,
    topImages: top!.result(),
    mapSize: { height: mapHeight, width: mapWidth, filters },
    inputSize: input,
  };
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

/** Part interpretability of one batch with fixed thresholds, summed into matches and IoU per filter and part. */
async function accumulateParts(
  fn: string,
  maps: tf.Tensor,
  batch: EvaluationBatch,
  n: number,
  parts: PartEvaluationOptions,
  geometry: CellGeometry,
  input: { height: number; width: number },
  sums: { matches: Float64Array[]; iou: Float64Array[]; partImages: Float64Array | null },
): Promise<void> {
  if (maps.rank !== 4) throw new TypeError(`${fn}: 'parts.forward' must return a Tensor4D [B, h, w, F], got rank ${maps.rank}`);
  const [b, h, w, filters] = maps.shape;
  if (h !== w) throw new RangeError(`${fn}: part interpretability needs square maps, 'parts.forward' gave ${h}×${w}`);
  if (b !== batch.landmarks.length || filters !== parts.thresholds.length) {
    throw new RangeError(`${fn}: 'parts.forward' returned [${maps.shape}] for batches[${n}], expected [${batch.landmarks.length}, h, w, ${parts.thresholds.length}]`);
  }
  const values = await maps.data();
  const perFilter: Float32Array[][] = [];
  for (let f = 0; f < filters; f++) {
    const row: Float32Array[] = [];
    for (let i = 0; i < b; i++) {
      const map = new Float32Array(h * w);
      for (let c = 0; c < h * w; c++) map[c] = values[(i * h * w + c) * filters + f];
      row.push(map);
    }
    perFilter.push(row);
  }
  const result = partInterpretability({
    maps: perFilter,
    receptiveField: geometry,
    partMasks: batch.partMasks!,
    width: input.width,
    height: input.height,
    thresholds: parts.thresholds,
    radius: parts.radius,
    iouThreshold: parts.iouThreshold,
  });
  const partCount = result.partImages.length;
  if (sums.partImages === null) {
    sums.partImages = new Float64Array(partCount);
    for (let f = 0; f < filters; f++) {
      sums.matches.push(new Float64Array(partCount));
      sums.iou.push(new Float64Array(partCount));
    }
  } else if (sums.partImages.length !== partCount) {
    throw new RangeError(`${fn}: 'batches[${n}].partMasks' has ${partCount} parts per image, earlier batches ${sums.partImages.length}`);
  }
  for (let k = 0; k < partCount; k++) {
    const count = result.partImages[k];
    if (count === 0) continue;
    sums.partImages[k] += count;
    for (let f = 0; f < filters; f++) {
      sums.matches[f][k] += result.perFilterPart[f][k] * count;
      sums.iou[f][k] += result.perFilterPartIoU[f][k] * count;
    }
  }
}

function finishParts(sums: { matches: Float64Array[]; iou: Float64Array[]; partImages: Float64Array | null }, thresholds: number[]): PartInterpretability {
  const partImages = Array.from(sums.partImages!);
  const perFilterPart = sums.matches.map((row) => Array.from(row, (m, k) => (partImages[k] > 0 ? m / partImages[k] : NaN)));
  const perFilterPartIoU = sums.iou.map((row) => Array.from(row, (s, k) => (partImages[k] > 0 ? s / partImages[k] : NaN)));
  const bestPart = perFilterPart.map((row) => argmaxFinite(row));
  const perFilter = perFilterPart.map((row, f) => (bestPart[f] < 0 ? NaN : row[bestPart[f]]));
  return { value: meanOfFinite(perFilter), perFilter, perFilterPart, perFilterPartIoU, bestPart, thresholds, partImages };
}
