// Which file samples cannot be cropped (a missing, corrupt or truncated image, a box outside it), found before a run
// relies on them: each sample's crop made once through a `skipBad` FileCropLoader — which fills its disk cache on the
// way — and the failures returned as the same records the header readers give.
import { mapLimit } from '../batches/mapLimit';
import type { FileSample } from '../sample';
import type { FileCropLoader } from './fileCropLoader';
import type { SkippedImage } from './imageSizes';

/** `samples` split into those whose crop loads and those skipped (with the loader's reason), each in input order. */
export async function screenImages<S extends FileSample>(samples: readonly S[], loader: FileCropLoader, concurrency = 8): Promise<{ samples: S[]; skipped: SkippedImage[] }> {
  const before = loader.stats.skipped.length;
  const crops = await mapLimit(samples, concurrency, (sample) => loader.load(sample));
  const reasons = new Map(loader.stats.skipped.slice(before).map((s) => [s.id, s.reason]));
  const kept: S[] = [];
  const skipped: SkippedImage[] = [];
  samples.forEach((sample, i) => {
    if (crops[i] !== null) kept.push(sample);
    else skipped.push({ file: sample.imagePath, reason: reasons.get(sample.id) ?? 'skipped by the crop loader' });
  });
  return { samples: kept, skipped };
}
