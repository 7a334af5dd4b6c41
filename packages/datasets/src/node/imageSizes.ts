// Image sizes from file headers, with one rule for a file whose header cannot be read: throw naming it, or, under
// `skipBad`, leave it out and record the file and the reason. The adapters that read headers (image folders,
// negatives) share it, so a bad image is treated alike wherever it comes from.
import { mapLimit } from '../batches/mapLimit';
import type { ImageSize } from './imageSize';

export interface SkippedImage {
  file: string;
  reason: string;
}

/** Headers read at once: enough to hide the file system's latency, few enough to stay far below the open-file limit. */
const CONCURRENCY = 32;

/** The size of each file in `paths` (null where skipped), and the skipped files in `paths`' order. */
export async function readImageSizes(
  paths: readonly string[],
  read: (path: string) => Promise<ImageSize>,
  skipBad: boolean,
): Promise<{ sizes: (ImageSize | null)[]; skipped: SkippedImage[] }> {
  const reasons = new Map<number, string>();
  const sizes = await mapLimit(paths, CONCURRENCY, (path, i) =>
    read(path).catch((error: Error) => {
      if (!skipBad) throw error;
      reasons.set(i, error.message);
      return null;
    }),
  );
  const skipped = [...reasons.keys()].sort((a, b) => a - b).map((i) => ({ file: paths[i], reason: reasons.get(i)! }));
  return { sizes, skipped };
}
