// The evaluation pass's batches: the positives' crops minus the mean, with their landmarks (and, where the samples
// carry part masks — PartWorld — and they are wanted, those masks) in the input frame, for @icnn/metrics'
// evaluateFilters.
import { batches, batchLandmarks, batchPartMasks, type SetSplit } from '@icnn/datasets';
import type { EvaluationBatch } from '@icnn/metrics/evaluate';
import type { PreparedData } from './prepareData';

export function evaluationBatches(data: PreparedData, split: SetSplit, batchSize: number, options: { partMasks?: boolean } = {}): () => AsyncIterable<EvaluationBatch> {
  const { width, height } = data.size;
  const partNames = options.partMasks === false ? undefined : data.partNames;
  return async function* () {
    for await (const batch of batches(split, { batchSize, load: data.load, size: data.size, mean: data.mean })) {
      yield {
        images: { data: batch.images, shape: batch.shape },
        landmarks: batchLandmarks(batch, data.landmarkNames),
        ids: batch.items.map((item) => item.sample.id),
        categories: batch.items.map((item) => (item.classIndex >= 0 ? item.classIndex : null)),
        ...(partNames ? { partMasks: batchPartMasks(batch, partNames, width, height) } : {}),
      };
    }
  };
}
