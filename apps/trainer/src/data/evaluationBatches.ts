// The evaluation pass's batches: the positives' crops minus the mean, with their landmarks mapped into input pixels
// (the crop transform, mirror included), for @icnn/metrics' evaluateFilters.
import { batches, transformLandmarks, type SetSplit } from '@icnn/datasets';
import type { EvaluationBatch } from '@icnn/metrics/evaluate';
import type { PreparedData } from './prepareData';

export function evaluationBatches(data: PreparedData, split: SetSplit, batchSize: number): () => AsyncIterable<EvaluationBatch> {
  return async function* () {
    for await (const batch of batches(split, { batchSize, load: data.load, size: data.size, mean: data.mean })) {
      const landmarks = batch.items.map((item, b) => {
        const mapped = transformLandmarks(item.sample.landmarks, batch.transforms[b]);
        return data.landmarkNames.map((name) => mapped[name] ?? null);
      });
      yield {
        images: { data: batch.images, shape: batch.shape },
        landmarks,
        ids: batch.items.map((item) => item.sample.id),
        categories: batch.items.map((item) => (item.classIndex >= 0 ? item.classIndex : null)),
      };
    }
  };
}
