// How a data-parallel step cuts a batch: contiguous shards, as even as possible, each with the step's options
// rescaled so that the shards' results, weighted by their share of the batch, make the batch's.
import type { TrainingBatch } from './batchStep';
import type { ShardRequest } from './shardProtocol';
import type { TrainStepOptions } from './trainStep';

/** Fewest images per shard: the filter losses compare images within a shard (−MI of one image is 0). */
export const MIN_SHARD_IMAGES = 2;

/** Spacing of the shards' dropout seeds, so that no two shards of a run draw the same masks. */
const DROPOUT_SEED_STRIDE = 7_919;

/** Contiguous shard sizes, as even as possible, none below MIN_SHARD_IMAGES (fewer shards for a small batch). */
export function shardSizes(batch: number, workers: number): number[] {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`shardSizes: 'batch' must be an integer ≥ 1, got ${batch}`);
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`shardSizes: 'workers' must be an integer ≥ 1, got ${workers}`);
  const shards = Math.max(1, Math.min(workers, Math.floor(batch / MIN_SHARD_IMAGES)));
  return Array.from({ length: shards }, (_, i) => Math.floor(batch / shards) + (i < batch % shards ? 1 : 0));
}

/** The requests for a batch cut into `sizes` (copies of the batch's rows; `classes` label columns per image). */
export function shardRequests(batch: TrainingBatch, sizes: number[], classes: number, options: Omit<TrainStepOptions, 'learningRate'>): ShardRequest[] {
  const count = batch.shape[0];
  const total = sizes.reduce((n, size) => n + size, 0);
  if (total !== count) throw new RangeError(`shardRequests: shard sizes [${sizes}] add up to ${total}, not the batch's ${count} images`);
  const perImage = batch.images.length / count;
  let first = 0;
  return sizes.map((size, index) => {
    const request: ShardRequest = {
      type: 'step',
      images: batch.images.slice(first * perImage, (first + size) * perImage),
      shape: [size, batch.shape[1], batch.shape[2], 3],
      labels: batch.labels.slice(first * classes, (first + size) * classes),
      epoch: options.epoch,
      // The run's weight is scale / B for the whole batch; a shard of b images gets scale / b, then b / B in the sum.
      filterLossWeight: ((options.filterLossWeight ?? 1 / count) * count) / size,
      ...(options.dropoutSeed !== undefined ? { dropoutSeed: options.dropoutSeed + index * DROPOUT_SEED_STRIDE } : {}),
      ...(options.filterCategories !== undefined ? { filterCategories: options.filterCategories } : {}),
      ...(options.layerCategories !== undefined ? { layerCategories: options.layerCategories } : {}),
    };
    first += size;
    return request;
  });
}
