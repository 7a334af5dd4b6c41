// Which passes part interpretability takes in `evaluateFilters`. Thresholds given: the IoU is summed beside the
// peaks (one pass). Computed, with the image count known: the thresholds stream beside the peaks, then an IoU pass.
// Computed, count unknown: the first pass counts, then a threshold pass and an IoU pass.
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchIterable } from './batchSource';
import type { CellGeometry } from './cellCentres';
import type { EvaluationBatch } from './evaluationBatch';
import type { PartEvaluationOptions } from './evaluateFiltersOptions';
import { iouPass } from './iouPass';
import { PartAccumulator } from './partAccumulator';
import type { PartInterpretability } from './partInterpretability';
import { withPartMaps } from './partMaps';
import { ThresholdAccumulator } from './thresholdAccumulator';
import { thresholdPass } from './thresholdPass';
import { assertArray } from './validate';

export class PartEvaluation {
  private readonly fixed: number[] | null;
  /** Thresholds streamed in the first pass when the image count is known up front. */
  private readonly streamed: ThresholdAccumulator | null;
  private readonly sums: PartAccumulator;
  private readonly forward: (images: tf.Tensor4D) => tf.Tensor4D;
  private sawPartMasks = false;
  private checkedFilters = false;

  /** `parts` as checked by `evaluationSettings`; `layerForward` gives the maps when `parts.forward` is absent. */
  constructor(
    private readonly fn: string,
    private readonly parts: PartEvaluationOptions,
    layerForward: (images: tf.Tensor4D) => tf.Tensor4D,
    geometry: CellGeometry,
    input: { height: number; width: number },
  ) {
    this.fixed = parts.thresholds === undefined ? null : Array.from(parts.thresholds);
    this.streamed = this.fixed === null && parts.images !== undefined ? new ThresholdAccumulator(fn, parts.images, this.quantile, 'parts.images') : null;
    this.sums = new PartAccumulator(fn, geometry, input, parts);
    this.forward = parts.forward ?? layerForward;
  }

  private get quantile(): number {
    return this.parts.quantile ?? 0.995;
  }

  /** The first pass's share (`AlongPeaks`): stream the thresholds, or sum the IoU with the fixed ones. */
  readonly alongPeaks = async (batch: EvaluationBatch, images: tf.Tensor4D, maps: tf.Tensor4D, n: number, size: number, filters: number): Promise<void> => {
    const fn = this.fn;
    if (!this.checkedFilters && this.fixed !== null) assertArray(fn, 'parts.thresholds', this.fixed, filters, `one per filter (forward gives ${filters})`);
    this.checkedFilters = true;
    this.sawPartMasks ||= batch.partMasks !== undefined;
    const withFixed = this.fixed !== null && batch.partMasks !== undefined;
    if (!withFixed && this.streamed === null) return;
    const layerMaps = this.parts.forward === undefined ? maps : undefined;
    await withPartMaps(
      fn,
      this.forward,
      images,
      n,
      size,
      filters,
      async (partMaps) => {
        if (this.streamed !== null) await this.streamed.add(partMaps, `batches[${n}]`);
        if (withFixed) await this.sums.add(partMaps, batch, n, this.fixed!);
      },
      layerMaps,
    );
  };

  /**
   * After the first pass (`images` images of maps with `filters` filters): the threshold and IoU passes it still
   * needs, over fresh iterables from `pass`; null when no batch had part masks.
   */
  async finish(pass: () => BatchIterable, keepInputs: boolean, images: number, filters: number): Promise<PartInterpretability | null> {
    let thresholds = this.fixed;
    if (thresholds === null && this.sawPartMasks) {
      const context = { fn: this.fn, keepInputs, forward: this.forward, images, filters };
      thresholds = this.streamed !== null ? this.streamed.result() : await thresholdPass(context, pass(), this.quantile);
      await iouPass(context, pass(), thresholds, this.sums);
    }
    return thresholds === null ? null : this.sums.result(thresholds);
  }
}
