// The one-folder-per-class layout of torchvision's ImageFolder and Keras' image_dataset_from_directory:
// `<root>/<class>/<image>`. Each image is one sample whose box is the whole image (classification, no landmarks).
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { FileSample } from '../sample';
import { readImageSize } from './imageSize';
import { readImageSizes, type SkippedImage } from './imageSizes';
import { resolveInside } from './safePath';

export interface ImageFolderOptions {
  root: string;
  /** The classes to load, in label order. Default: every sub-folder of `root`, sorted by name (torchvision's order). */
  classes?: readonly string[];
  /** At most this many images per class, the first by file name. */
  limit?: number;
  /** Skip (and list in `skipped`) images whose header cannot be read, instead of throwing. Default true. */
  skipBad?: boolean;
}

/** An image left out, with its reason (the same record for every adapter that skips images). */
export type ImageFolderSkip = SkippedImage;

export interface ImageFolder {
  /** One sample per image, class by class, files in name order; `category` is the class folder's name. */
  samples: FileSample[];
  classes: string[];
  /** Images per class, in `classes` order (after skips). */
  counts: Record<string, number>;
  /** Images left out, each named with its reason. */
  skipped: ImageFolderSkip[];
}

/** File types sharp decodes; other files (README, counts.json, .DS_Store) are not images and are passed over. */
const IMAGE_FILE = /\.(jpe?g|png|webp|gif|tiff?|avif)$/i;

/** Loads an image-folder tree. A class folder that is missing or holds no image is an error naming it. */
export async function loadImageFolder(options: ImageFolderOptions): Promise<ImageFolder> {
  const { root, limit = Infinity, skipBad = true } = options;
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`loadImageFolder: ${root}: folder not found`);
  if (!(limit >= 1)) throw new Error(`loadImageFolder: 'limit' must be ≥ 1, got ${limit}`);
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const classes = options.classes ? [...options.classes] : folders;
  if (classes.length === 0) throw new Error(`loadImageFolder: ${root} has no class folders (expected <root>/<class>/<image>)`);
  for (const [i, name] of classes.entries()) {
    if (!folders.includes(name)) throw new Error(`loadImageFolder: classes[${i}] = ${JSON.stringify(name)}: no folder ${resolveInside(root, name)}`);
  }
  if (new Set(classes).size !== classes.length) throw new Error(`loadImageFolder: classes repeat: ${JSON.stringify(classes)}`);
  const samples: FileSample[] = [];
  const skipped: ImageFolderSkip[] = [];
  const counts: Record<string, number> = {};
  for (const category of classes) {
    const dir = resolveInside(root, category);
    const names = readdirSync(dir)
      .filter((name) => IMAGE_FILE.test(name) && !name.startsWith('.'))
      .sort()
      .slice(0, limit);
    if (names.length === 0) throw new Error(`loadImageFolder: ${dir}: no images (class '${category}' is empty)`);
    // Headers only (a few hundred bytes each), several at a time: 13,000 files take seconds, not minutes.
    const { sizes, skipped: unreadable } = await readImageSizes(names.map((name) => resolveInside(dir, name)), (path) => readImageSize(path), skipBad);
    skipped.push(...unreadable);
    counts[category] = 0;
    names.forEach((name, i) => {
      const size = sizes[i];
      if (size === null) return;
      counts[category]++;
      samples.push({
        id: `${category}/${name}`,
        imagePath: resolveInside(dir, name),
        category,
        bbox: { xmin: 0, ymin: 0, xmax: size.width - 1, ymax: size.height - 1 },
        landmarks: {},
      });
    });
    if (counts[category] === 0) throw new Error(`loadImageFolder: ${dir}: every image of class '${category}' is unreadable (first: ${skipped.at(-1)?.reason})`);
  }
  return { samples, classes, counts, skipped };
}
