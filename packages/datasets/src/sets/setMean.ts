// The per-pixel mean image of a split's items (mirrored copies mirrored), as the authors subtract it (getImdb.m:
// the mean over the training set, oversampled repeats included).
import type { CropLoader } from '../batches/cropLoader';
import { mapLimit } from '../batches/mapLimit';
import type { InputSize } from '../image/cropToInput';
import { flipHorizontal } from '../image/flip';
import { createMeanAccumulator } from '../image/meanImage';
import type { SetSplit } from './dataSet';

export interface SetMeanOptions {
  load: CropLoader;
  size: InputSize;
  /** Crops loaded at once. Default 8. */
  concurrency?: number;
}

/** HWC float32 mean of the crops of `split`'s items; items the loader skips are left out (counted in `skipped`). */
export async function setMean(split: SetSplit, options: SetMeanOptions): Promise<{ mean: Float32Array; count: number; skipped: number }> {
  const { load, size, concurrency = 8 } = options;
  const accumulator = createMeanAccumulator(size.width, size.height);
  let skipped = 0;
  // Chunks bound the crops held at once.
  const chunk = 256;
  for (let start = 0; start < split.items.length; start += chunk) {
    const items = split.items.slice(start, start + chunk);
    const crops = await mapLimit(items, concurrency, (item) => load(item.sample));
    crops.forEach((crop, i) => {
      if (crop === null) {
        skipped++;
        return;
      }
      const item = items[i];
      accumulator.add(item.flip ? flipHorizontal(crop.image).image : crop.image, `sample ${item.sample.id}`);
    });
  }
  if (accumulator.count === 0) throw new Error(`setMean: no image could be loaded (${skipped} skipped of ${split.items.length})`);
  return { mean: accumulator.mean(), count: accumulator.count, skipped };
}
