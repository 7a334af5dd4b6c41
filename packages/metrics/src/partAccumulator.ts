// Part interpretability summed batch by batch with fixed thresholds: per filter and part, the matches and the IoU
// weighted by the images that show the part, so that the result equals `partInterpretability` over all images.
import type * as tf from '@tensorflow/tfjs-core';
import { activeCells } from './activeCells';
import type { CellGeometry } from './cellCentres';
import type { EvaluationBatch } from './evaluationBatch';
import { partInterpretability, type PartInterpretability } from './partInterpretability';
import { argmaxFinite, meanOfFinite } from './statistics';

export class PartAccumulator {
  private readonly matches: Float64Array[] = [];
  private readonly iou: Float64Array[] = [];
  private partImages: Float64Array | null = null;

  constructor(
    private readonly fn: string,
    private readonly geometry: CellGeometry,
    private readonly input: { height: number; width: number },
    private readonly disc: { radius?: number; iouThreshold?: number },
  ) {}

  /** Adds batch n's part maps [B, h, w, F] (square, not disposed) thresholded at `thresholds` against its part masks. */
  async add(maps: tf.Tensor4D, batch: EvaluationBatch, n: number, thresholds: number[]): Promise<void> {
    const fn = this.fn;
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
      receptiveField: this.geometry,
      partMasks: batch.partMasks!,
      width: this.input.width,
      height: this.input.height,
      thresholds: new Array<number>(filters).fill(0.5),
      radius: this.disc.radius,
      iouThreshold: this.disc.iouThreshold,
    });
    const partCount = result.partImages.length;
    if (this.partImages === null) {
      this.partImages = new Float64Array(partCount);
      for (let f = 0; f < filters; f++) {
        this.matches.push(new Float64Array(partCount));
        this.iou.push(new Float64Array(partCount));
      }
    } else if (this.partImages.length !== partCount) {
      throw new RangeError(`${fn}: 'batches[${n}].partMasks' has ${partCount} parts per image, earlier batches ${this.partImages.length}`);
    }
    for (let k = 0; k < partCount; k++) {
      const count = result.partImages[k];
      if (count === 0) continue;
      this.partImages[k] += count;
      for (let f = 0; f < filters; f++) {
        this.matches[f][k] += result.perFilterPart[f][k] * count;
        this.iou[f][k] += result.perFilterPartIoU[f][k] * count;
      }
    }
  }

  /** The part interpretability of every batch added; null when none had part masks. */
  result(thresholds: number[]): PartInterpretability | null {
    if (this.partImages === null) return null;
    const partImages = Array.from(this.partImages);
    const perFilterPart = this.matches.map((row) => Array.from(row, (m, k) => (partImages[k] > 0 ? m / partImages[k] : NaN)));
    const perFilterPartIoU = this.iou.map((row) => Array.from(row, (s, k) => (partImages[k] > 0 ? s / partImages[k] : NaN)));
    const bestPart = perFilterPart.map((row) => argmaxFinite(row));
    const perFilter = perFilterPart.map((row, f) => (bestPart[f] < 0 ? NaN : row[bestPart[f]]));
    return { value: meanOfFinite(perFilter), perFilter, perFilterPart, perFilterPartIoU, bestPart, thresholds, partImages };
  }
}
