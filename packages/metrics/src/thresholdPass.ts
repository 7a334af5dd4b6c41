// The threshold pass of `evaluateFilters`, run when the image count was not known up front: with the first pass's
// count, a second pass streams every part map into a `ThresholdAccumulator` for the exact T_f per filter.
import { forEachBatch, type BatchIterable } from './batchSource';
import { withPartMaps, type PartPassContext } from './partMaps';
import { ThresholdAccumulator } from './thresholdAccumulator';

/** T_f per filter over `batches`, which must hold the first pass's images. */
export async function thresholdPass(context: PartPassContext, batches: BatchIterable, quantile: number): Promise<number[]> {
  const { fn, forward, filters } = context;
  const counted = new ThresholdAccumulator(fn, context.images, quantile, 'batches (pass 1 image count)');
  await forEachBatch(fn, batches, context.keepInputs, async (_batch, tensor, n, size) => {
    await withPartMaps(fn, forward, tensor, n, size, filters, (maps) => counted.add(maps, `batches[${n}] (threshold pass)`));
  });
  return counted.result();
}
