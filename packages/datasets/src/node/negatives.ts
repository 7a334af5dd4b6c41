// Negative images, used whole (box = the whole image, no landmarks), as the authors' single-category training does.
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { FileSample } from '../sample';
import { readJpegSize } from './jpegSize';
import { resolveInside } from './safePath';

export interface NegativesOptions {
  dir: string;
  /** Category of the samples. Default 'negative'. */
  category?: string;
  /** At most this many images (the first in name order). */
  limit?: number;
}

/** The JPEG files of `dir` (sorted by name), each a sample whose box is the whole image. */
export async function loadNegatives(options: NegativesOptions): Promise<{ samples: FileSample[] }> {
  const { dir, category = 'negative', limit = Infinity } = options;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: negatives folder not found`);
  const names = readdirSync(dir)
    .filter((name) => /\.jpe?g$/i.test(name))
    .sort()
    .slice(0, limit);
  if (names.length === 0) throw new Error(`${dir}: no JPEG images (category '${category}' is empty)`);
  const samples: FileSample[] = [];
  for (const name of names) {
    const imagePath = resolveInside(dir, name);
    const { width, height } = await readJpegSize(imagePath);
    samples.push({
      id: `${category}/${name.replace(/\.jpe?g$/i, '')}`,
      imagePath,
      category,
      bbox: { xmin: 0, ymin: 0, xmax: width - 1, ymax: height - 1 },
      landmarks: {},
    });
  }
  return { samples };
}
