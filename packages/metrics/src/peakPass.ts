// The evaluation's first pass: each filter's peak cell and value on every image, mapped to input pixels, with the
// images' landmarks, ids and categories and each filter's top images — the inputs of the location metrics. Only
// 2·B·F numbers per batch leave the device (`mapPeaks`).
import * as tf from '@tensorflow/tfjs-core';
import { forEachBatch, type BatchIterable } from './batchSource';
import { cellCentre } from './cellCentres';
import type { EvaluationBatch } from './evaluationBatch';
import type { EvaluationSettings } from './evaluateFiltersOptions';
import { mapPeaks } from './mapPeaks';
import { TopImages, type TopImage } from './topImages';
import type { Point } from './types';
import { describe } from './validate';

export interface PeakPass {
  filters: number;
  /** Map height and width in cells. */
  height: number;
  width: number;
  /** [F][I] peak positions (null where silent) and scores. */
  positions: (Point | null)[][];
  scores: Float32Array[];
  /** [I][K] landmarks, [I] ids and categories (null where a batch gives none), in evaluation order. */
  landmarks: (Point | null)[][];
  ids: (string | number)[];
  imageCategory: (number | null)[];
  topImages: TopImage[][];
}

/** Work that rides along on a batch of the first pass, given the layer's maps (the pass disposes them after). */
export type AlongPeaks = (batch: EvaluationBatch, images: tf.Tensor4D, maps: tf.Tensor4D, n: number, size: number, filters: number) => Promise<void>;

/**
 * Runs `forward` over `batches` and reads back each map's argmax cell and max; a peak (r, c) maps to
 * `cellCentre(geometry, r, c)`. Calls `along` per batch (after the peaks) and `onBatch` with the images done.
 */
export async function peakPass(
  fn: string,
  batches: BatchIterable,
  forward: (images: tf.Tensor4D) => tf.Tensor4D,
  settings: Pick<EvaluationSettings, 'geometry' | 'silent' | 'keepTop' | 'keepInputs'>,
  along?: AlongPeaks,
  onBatch?: (imagesDone: number) => void,
): Promise<PeakPass> {
  const { geometry, silent } = settings;
  let filters = -1;
  let height = 0;
  let width = 0;
  const positions: (Point | null)[][] = [];
  const scoreRows: number[][] = [];
  const landmarks: (Point | null)[][] = [];
  const ids: (string | number)[] = [];
  const imageCategory: (number | null)[] = [];
  let top: TopImages | null = null;

  await forEachBatch(fn, batches, settings.keepInputs, async (batch, tensor, n, size) => {
    const maps = tf.tidy(() => forward(tensor));
    try {
      const peaks = await mapPeaks(fn, maps);
      if (peaks.batch !== size) throw new RangeError(`${fn}: 'forward' returned ${peaks.batch} maps for batches[${n}] of ${size} images`);
      if (filters < 0) {
        filters = peaks.filters;
        height = peaks.height;
        width = peaks.width;
        for (let f = 0; f < filters; f++) {
          positions.push([]);
          scoreRows.push([]);
        }
        top = new TopImages(filters, settings.keepTop);
      } else if (peaks.filters !== filters || peaks.height !== height || peaks.width !== width) {
        throw new RangeError(`${fn}: 'forward' returned maps [${peaks.height}, ${peaks.width}, ${peaks.filters}] for batches[${n}], expected [${height}, ${width}, ${filters}] as before`);
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
          const row = Math.floor(cell / width);
          const column = cell % width;
          const peak = cellCentre(geometry, row, column);
          positions[f].push(score <= silent ? null : peak);
          scoreRows[f].push(score);
          top!.offer(f, { index, id, score, peak, cell: [row, column] });
        }
      }
      await along?.(batch, tensor, maps, n, size, filters);
    } finally {
      maps.dispose();
    }
    onBatch?.(ids.length);
  });
  if (filters < 0) throw new RangeError(`${fn}: 'batches' held no images`);
  const scores = scoreRows.map((row) => Float32Array.from(row));
  return { filters, height, width, positions, scores, landmarks, ids, imageCategory, topImages: top!.result() };
}
