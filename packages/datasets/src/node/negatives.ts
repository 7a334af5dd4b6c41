// Negative images, used whole (box = the whole image, no landmarks), as the authors' single-category training does.
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { FileSample } from '../sample';
import { readImageSizes, type SkippedImage } from './imageSizes';
import { readJpegSize } from './imageSize';
import { resolveInside } from './safePath';

export interface NegativesOptions {
  dir: string;
  /** Category of the samples. Default 'negative'. */
  category?: string;
  /** At most this many images (the first in name order, unreadable ones included). */
  limit?: number;
  /** Skip (and list in `skipped`) files whose JPEG header cannot be read, instead of throwing. Default false. */
  skipBad?: boolean;
}

/** The JPEG files of `dir` (sorted by name), each a sample whose box is the whole image; the files left out. */
export async function loadNegatives(options: NegativesOptions): Promise<{ samples: FileSample[]; skipped: SkippedImage[] }> {
  const { dir, category = 'negative', limit = Infinity, skipBad = false } = options;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: negatives folder not found`);
  const names = readdirSync(dir)
    .filter((name) => /\.jpe?g$/i.test(name))
    .sort()
    .slice(0, limit);
  if (names.length === 0) throw new Error(`${dir}: no JPEG images (category '${category}' is empty)`);
  const paths = names.map((name) => resolveInside(dir, name));
  const { sizes, skipped } = await readImageSizes(paths, readJpegSize, skipBad);
  const samples: FileSample[] = [];
  names.forEach((name, i) => {
    const size = sizes[i];
    if (size === null) return;
    samples.push({
      id: `${category}/${name.replace(/\.jpe?g$/i, '')}`,
      imagePath: paths[i],
      category,
      bbox: { xmin: 0, ymin: 0, xmax: size.width - 1, ymax: size.height - 1 },
      landmarks: {},
    });
  });
  if (samples.length === 0) throw new Error(`${dir}: every JPEG is unreadable (first: ${skipped[0].reason})`);
  return { samples, skipped };
}
