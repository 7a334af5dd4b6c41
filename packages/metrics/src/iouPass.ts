// The IoU pass of `evaluateFilters`, run once the thresholds are known: every batch with part masks is thresholded
// and summed into a `PartAccumulator`; the pass must see the same images as the first.
import { forEachBatch, type BatchIterable } from './batchSource';
import type { PartAccumulator } from './partAccumulator';
import { withPartMaps, type PartPassContext } from './partMaps';

/** Adds every batch of `batches` with part masks to `sums`; throws unless they hold the first pass's images. */
export async function iouPass(context: PartPassContext, batches: BatchIterable, thresholds: number[], sums: PartAccumulator): Promise<void> {
  const { fn, forward, filters, images } = context;
  const seen = await forEachBatch(fn, batches, context.keepInputs, async (batch, tensor, n, size) => {
    if (batch.partMasks === undefined) return;
    await withPartMaps(fn, forward, tensor, n, size, filters, (maps) => sums.add(maps, batch, n, thresholds));
  });
  if (seen !== images) throw new RangeError(`${fn}: 'batches()' gave ${seen} images on the IoU pass, ${images} on the first: each call must give the same images`);
}
