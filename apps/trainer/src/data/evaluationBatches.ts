// The evaluation pass's batches: the positives' crops minus the mean, with their landmarks mapped into input pixels
// (the crop transform, mirror included), and, where the samples carry part masks (PartWorld), those masks in the
// input frame for part interpretability (@icnn/metrics' evaluateFilters).
import { batches, maskToImage, transformLandmarks, transformMask, type SetSplit } from '@icnn/datasets';
import type { EvaluationBatch } from '@icnn/metrics/evaluate';
import type { PreparedData } from './prepareData';

export function evaluationBatches(data: PreparedData, split: SetSplit, batchSize: number): () => AsyncIterable<EvaluationBatch> {
  const { width, height } = data.size;
  return async function* () {
    for await (const batch of batches(split, { batchSize, load: data.load, size: data.size, mean: data.mean })) {
      const landmarks = batch.items.map((item, b) => {
        const mapped = transformLandmarks(item.sample.landmarks, batch.transforms[b]);
        return data.landmarkNames.map((name) => mapped[name] ?? null);
      });
      const partMasks = data.partNames
        ? batch.items.map((item, b) =>
            data.partNames!.map((name) => {
              const mask = item.sample.partMasks?.[name];
              return mask === undefined || mask.width === 0 ? null : maskToImage(transformMask(mask, batch.transforms[b], width, height), width, height);
            }),
          )
        : undefined;
      yield {
        images: { data: batch.images, shape: batch.shape },
        landmarks,
        ids: batch.items.map((item) => item.sample.id),
        categories: batch.items.map((item) => (item.classIndex >= 0 ? item.classIndex : null)),
        ...(partMasks ? { partMasks } : {}),
      };
    }
  };
}
