// The evaluation pass (issue 5): run a model over a dataset in batches, take each filter's peak cell per image, map
// it to input pixels through the layer's receptive-field geometry, and feed the location metrics (and, given part
// masks, part interpretability), producing per-filter records. Memory is bounded by one batch on the device and
// O(F·I) numbers on the host (one peak and one score per filter and image, which the top-K needs), plus, for
// part thresholds, ≈ 0.5 % of the cells (see `ThresholdAccumulator`).
import * as tf from '@tensorflow/tfjs-core';
import { cellCentre, type CellGeometry } from './cellCentres';
import { activeCells } from './activeCells';
import { batchPasses, forEachBatch, type BatchSource } from './batchSource';
import type { EvaluationBatch } from './evaluationBatch';
import { buildFilterRecords, type FilterRecord } from './filterRecords';
import { instabilityReferences, type InstabilityReferences } from './instabilityReferences';
import type { InstabilityCategories } from './locationInput';
import { locationInstability, type LocationInstability } from './locationInstability';
import { mapPeaks } from './mapPeaks';
import { partInterpretability, type PartInterpretability } from './partInterpretability';
import { partTracking, type PartTracking, type PartTrackingOptions } from './partTracking';
import { argmaxFinite, meanOfFinite } from './statistics';
import { ThresholdAccumulator } from './thresholdAccumulator';
import { TopImages, type TopImage } from './topImages';
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
  const partsForward = parts?.forward;
  const quantile = parts?.quantile ?? 0.995;
  // Thresholds streamed in pass 1 when the image count is known up front.
  const streamed = parts !== undefined && parts.thresholds === undefined && parts.images !== undefined ? new ThresholdAccumulator(fn, parts.images, quantile, 'parts.images') : null;
  let sawPartMasks = false;

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

  await forEachBatch(fn, source.pass(), options.keepInputs === true, async (batch, tensor, n, size) => {
    landmarkCount ??= batch.landmarks[0].length;
    sawPartMasks ||= batch.partMasks !== undefined;
    const maps = tf.tidy(() => options.forward(tensor));
    let partMaps: tf.Tensor | null = null;
    try {
      const fixedThresholds = parts?.thresholds !== undefined && batch.partMasks !== undefined;
      if (fixedThresholds || streamed !== null) partMaps = partsForward ? tf.tidy(() => partsForward(tensor)) : maps;
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
        if (parts?.thresholds !== undefined) assertArray(fn, 'parts.thresholds', parts.thresholds, filters, `one per filter (forward gives ${filters})`);
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
      if (partMaps !== null && streamed !== null) await streamed.add(checkPartMaps(fn, partMaps, n, size, filters), `batches[${n}]`);
      if (partMaps !== null && fixedThresholds) await accumulateParts(fn, checkPartMaps(fn, partMaps, n, size, filters), batch, n, Array.from(parts!.thresholds!), parts!, geometry, input, partSums);
    } finally {
      if (partMaps !== null && partMaps !== maps) partMaps.dispose();
      maps.dispose();
    }
    options.onBatch?.(ids.length);
  });
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
  let thresholds = parts?.thresholds === undefined ? null : Array.from(parts.thresholds);
  if (parts !== undefined && thresholds === null && sawPartMasks) {
    // Pass 2 (thresholds, when the image count was not known) and the IoU pass, over fresh iterables.
    if (streamed !== null) {
      thresholds = streamed.result();
    } else {
      const counted = new ThresholdAccumulator(fn, ids.length, quantile, 'batches (pass 1 image count)');
      await forEachBatch(fn, source.pass(), options.keepInputs === true, async (_batch, tensor, n, size) => {
        const partMaps = tf.tidy(() => (partsForward ?? options.forward)(tensor));
        try {
          await counted.add(checkPartMaps(fn, partMaps, n, size, filters), `batches[${n}] (threshold pass)`);
        } finally {
          partMaps.dispose();
        }
      });
      thresholds = counted.result();
    }
    const fixed = thresholds;
    const images = await forEachBatch(fn, source.pass(), options.keepInputs === true, async (batch, tensor, n, size) => {
      if (batch.partMasks === undefined) return;
      const partMaps = tf.tidy(() => (partsForward ?? options.forward)(tensor));
      try {
        await accumulateParts(fn, checkPartMaps(fn, partMaps, n, size, filters), batch, n, fixed, parts, geometry, input, partSums);
      } finally {
        partMaps.dispose();
      }
    });
    if (images !== ids.length) throw new RangeError(`${fn}: 'batches()' gave ${images} images on the IoU pass, ${ids.length} on the first: each call must give the same images`);
  }
  const partResult = parts === undefined || partSums.partImages === null || thresholds === null ? null : finishParts(partSums, thresholds);
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

/** The part maps of batch `n` checked against the batch size and the peak maps' filter count. */
function checkPartMaps(fn: string, maps: tf.Tensor, n: number, size: number, filters: number): tf.Tensor4D {
  if (!(maps instanceof tf.Tensor) || maps.rank !== 4) {
    throw new TypeError(`${fn}: 'parts.forward' (or 'forward') must return a Tensor4D [B, h, w, F], got ${maps instanceof tf.Tensor ? `rank ${maps.rank} [${maps.shape}]` : describe(maps)}`);
  }
  if (maps.shape[0] !== size || maps.shape[3] !== filters) {
    throw new RangeError(`${fn}: 'parts.forward' returned [${maps.shape}] for batches[${n}], expected [${size}, h, w, ${filters}]`);
  }
  return maps as tf.Tensor4D;
}

/** Part interpretability of one batch with fixed thresholds, summed into matches and IoU per filter and part. */
async function accumulateParts(
  fn: string,
  maps: tf.Tensor,
  batch: EvaluationBatch,
  n: number,
  thresholds: number[],
  parts: PartEvaluationOptions,
  geometry: CellGeometry,
  input: { height: number; width: number },
  sums: { matches: Float64Array[]; iou: Float64Array[]; partImages: Float64Array | null },
): Promise<void> {
  const [b, h, w, filters] = maps.shape;
  if (h !== w) throw new RangeError(`${fn}: part interpretability needs square maps, 'parts.forward' gave ${h}×${w}`);
  if (filters !== thresholds.length) throw new RangeError(`${fn}: the part maps of batches[${n}] have ${filters} filters, but there are ${thresholds.length} thresholds`);
  // Only the active cells leave the device (one byte per cell); the pure function then rasterises their discs.
  const active = await activeCells(maps, thresholds);
  const perFilter: Uint8Array[][] = [];
  for (let f = 0; f < filters; f++) {
    const row: Uint8Array[] = [];
    for (let i = 0; i < b; i++) {
      const map = new Uint8Array(h * w);
      for (let c = 0; c < h * w; c++) map[c] = active[(i * h * w + c) * filters + f];
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
    thresholds: new Array<number>(filters).fill(0.5),
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
