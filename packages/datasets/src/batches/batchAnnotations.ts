// A batch's annotations in the network input's frame (the crop transform, mirror included): the named landmarks of
// each item, and the named part masks as input-sized bitmaps — what the metrics' evaluation pass reads beside the
// images.
import type { Landmark } from '../sample';
import { maskToImage } from '../partMask';
import { transformMask } from '../image/maskTransform';
import { transformLandmarks } from '../image/transform';
import type { Batch } from './batches';

/** [B][K]: landmark `names[k]` of item b in input pixels, or null where absent. */
export function batchLandmarks(batch: Pick<Batch, 'items' | 'transforms'>, names: readonly string[]): Landmark[][] {
  return batch.items.map((item, b) => {
    const mapped = transformLandmarks(item.sample.landmarks, batch.transforms[b]);
    return names.map((name) => mapped[name] ?? null);
  });
}

/** [B][P]: part `names[p]` of item b as a width·height bitmap of the input (1 = part), or null where absent. */
export function batchPartMasks(batch: Pick<Batch, 'items' | 'transforms'>, names: readonly string[], width: number, height: number): (Uint8Array | null)[][] {
  return batch.items.map((item, b) =>
    names.map((name) => {
      const mask = item.sample.partMasks?.[name];
      return mask === undefined || mask.width === 0 ? null : maskToImage(transformMask(mask, batch.transforms[b], width, height), width, height);
    }),
  );
}
