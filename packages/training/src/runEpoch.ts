// One pass over a split's batches: a training step per batch with the schedule's learning rate, the category EMAs
// updated after each step (multi-category), and a callback with the running figures after each batch. Only
// asynchronous reads, so the browser stays responsive and GPU backends never block; `signal` stops between batches;
// a loss or activations gone NaN/±Infinity stop the run with a DivergenceError.
import type { InterpretableNet } from '@icnn/model';
import { localBatchStep, type BatchStep, type TrainingBatch } from './batchStep';
import { asDivergence, lossDivergence } from './divergenceError';
import type { CategoryTracker } from './categoryTracker';
import { learningRateAt, type LearningRateSchedule } from './schedule';
import type { Sgd } from './sgd';

export interface EpochProgress {
  epoch: number;
  /** Batches done in this epoch (counting any done before a resume), and the expected number (when known). */
  batch: number;
  batches?: number;
  /** Images trained on in this call. */
  images: number;
  learningRate: number;
  /** Running means over this epoch's batches (those before a resume too, given `totalsBefore`). */
  loss: number;
  classification: number;
  filterLoss: number;
  accuracy: number;
}

/** Sums over an epoch's batches so far: what a resumed epoch's running means continue from. */
export interface EpochTotals {
  images: number;
  /** Sums over images of the batch-mean losses (each batch's mean × its images). */
  loss: number;
  classification: number;
  filterLoss: number;
  /** Accuracy's counts. */
  correct: number;
  total: number;
}

export interface RunEpochOptions {
  net: InterpretableNet;
  optimizer: Sgd;
  batches: AsyncIterable<TrainingBatch> | Iterable<TrainingBatch>;
  /** 1-based. */
  epoch: number;
  schedule: LearningRateSchedule;
  /** Batches per epoch, for a schedule that moves within the epoch and for progress. */
  batchesPerEpoch?: number;
  /** Batches of this epoch already done (a resumed epoch): sets the schedule's position and the dropout seeds. */
  firstBatch?: number;
  /** The `totals` of those batches (from the interrupted call's result), so that the epoch's means cover them. */
  totalsBefore?: EpochTotals;
  /** Multiplies the filter losses' default weight 1/B (see trainStep). Default 1. */
  filterLossScale?: number;
  categories?: CategoryTracker;
  /** Base seed of the dropout masks (per step: seed + step index). */
  seed?: number;
  onBatch?: (progress: EpochProgress) => void | Promise<void>;
  /** Who computes each step (default: this thread, `localBatchStep`); it must update `net` and `categories`. */
  step?: BatchStep;
  /** Stops after the current batch. */
  signal?: AbortSignal;
}

export interface EpochResult extends EpochProgress {
  /** false when `signal` stopped the epoch early. */
  completed: boolean;
  /** The sums behind the means, to pass as `totalsBefore` when the epoch resumes. */
  totals: EpochTotals;
}

export async function runEpoch(options: RunEpochOptions): Promise<EpochResult> {
  const { net, optimizer, epoch, schedule, batchesPerEpoch, categories, signal } = options;
  const step = options.step ?? localBatchStep(net, optimizer, categories);
  const sums: EpochTotals = { ...(options.totalsBefore ?? { images: 0, loss: 0, classification: 0, filterLoss: 0, correct: 0, total: 0 }) };
  const firstBatch = options.firstBatch ?? 0;
  let progress: EpochProgress = { epoch, batch: firstBatch, images: 0, learningRate: learningRateAt(schedule, epoch - 1), loss: 0, classification: 0, filterLoss: 0, accuracy: 0 };
  if (batchesPerEpoch !== undefined) progress.batches = batchesPerEpoch;
  let completed = true;
  for await (const batch of options.batches) {
    // In-memory batches and CPU steps resolve without a turn of the event loop: without this, an abort from a signal
    // handler or a UI event would wait for the end of the epoch.
    if (signal !== undefined) await new Promise((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) {
      completed = false;
      break;
    }
    const count = batch.shape[0];
    const fraction = batchesPerEpoch ? progress.batch / batchesPerEpoch : 0;
    const learningRate = learningRateAt(schedule, epoch - 1 + fraction);
    const filterCategories = categories?.filterCategories();
    const layerCategories = categories?.layerCategories();
    const place = { epoch, batch: progress.batch + 1, learningRate };
    let figures;
    try {
      figures = await step(batch, {
        epoch,
        learningRate,
        filterLossWeight: (options.filterLossScale ?? 1) / count,
        ...(filterCategories !== undefined ? { filterCategories } : {}),
        ...(layerCategories !== undefined ? { layerCategories } : {}),
        ...(options.seed !== undefined ? { dropoutSeed: options.seed * 100_003 + epoch * 10_007 + progress.batch } : {}),
      });
    } catch (error) {
      throw asDivergence(error, place);
    }
    const { loss, classification, filterLoss, correct, total } = figures;
    const divergence = lossDivergence(loss, place);
    if (divergence !== null) throw divergence;
    sums.loss += loss * count;
    sums.classification += classification * count;
    sums.filterLoss += filterLoss * count;
    sums.correct += correct;
    sums.total += total;
    sums.images += count;
    const done = sums.images;
    progress = {
      ...progress,
      batch: progress.batch + 1,
      images: progress.images + count,
      learningRate,
      loss: sums.loss / done,
      classification: sums.classification / done,
      filterLoss: sums.filterLoss / done,
      accuracy: sums.total > 0 ? sums.correct / sums.total : 0,
    };
    await options.onBatch?.(progress);
  }
  return { ...progress, completed, totals: { ...sums } };
}
