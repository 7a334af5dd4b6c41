// The data of a run: the training and validation splits (SPEC §4: box crops, mirrored positives, 90/10 split by
// object), a crop loader, the mean image of the training split, and the positives on which location instability is
// measured with their landmark names. PartWorld (synthetic, in memory, no downloads) or ILSVRC Animal-Part (files).
import { join, resolve } from 'node:path';
import {
  memoryCropLoader,
  multiCategorySet,
  partWorld,
  setMean,
  SHIFTED_EVALUATION,
  singleCategorySet,
  type CropLoader,
  type DataSet,
  type BoxJitter,
  type InputSize,
  type Sample,
  type SetSplit,
} from '@icnn/datasets';
import { createFileCropLoader, ILSVRC_ANIMAL_PART_LANDMARKS, loadIlsvrcAnimalPart, loadNegatives, screenImages, type FileCropLoader, type SkippedImage } from '@icnn/datasets/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { fromUserInput } from '../config/userInput';
import { acceptBadImages, skippedClause } from './badImages';

export interface PreparedData {
  set: DataSet;
  /** 'single': one category vs negatives; 'multi': several categories. */
  kind: 'single' | 'multi';
  categories: string[];
  load: CropLoader;
  size: InputSize;
  mean: Float32Array;
  /** The positive objects (each once, not mirrored) on which location instability is measured. */
  evaluation: SetSplit;
  /** The landmarks the instability uses, in order. */
  landmarkNames: string[];
  /** Parts with masks on the samples (PartWorld), for part interpretability; absent when the data has none. */
  partNames?: string[];
  /** Human description for logs and reports. */
  description: string;
  /** The file loader's statistics (ILSVRC), for skipped-image reports. */
  fileLoader?: FileCropLoader;
  /** Images left out because they cannot be read (badImages.ts), each with its reason; none for PartWorld. */
  skippedImages: SkippedImage[];
  /** Training augmentation: each epoch's training boxes jittered (jitterSplit, seeded by the run's seed and epoch). */
  trainJitter?: BoxJitter;
  /** The loader of the training stream where it differs from `load` (jittered file crops bypass the disk cache). */
  trainLoad?: CropLoader;
}

function partWorldData(options: TrainerOptions, size: InputSize): Omit<PreparedData, 'mean'> {
  const world = partWorld({ seed: options.seed + 1, count: options.partworldImages, categories: options.partworldCategories, size: options.inputSize });
  const names = world.categories.map((c) => c.name);
  const wanted = options.category ?? [names[0]];
  for (const name of wanted) {
    if (!names.includes(name)) throw new ConfigError(`option 'category': PartWorld has ${names.map((n) => `'${n}'`).join(', ')}, got '${name}'`);
  }
  const samples = world.samples as Sample[];
  const load = memoryCropLoader(size);
  if (wanted.length === 1) {
    const positives = samples.filter((s) => s.category === wanted[0]);
    const negatives = samples.filter((s) => s.category !== wanted[0]);
    const set = singleCategorySet({ positives, negatives, seed: options.seed, positiveShare: options.positiveShare ?? null });
    const parts = world.categories.find((c) => c.name === wanted[0])!.parts;
    return {
      set,
      kind: 'single',
      categories: wanted,
      load,
      size,
      evaluation: { categories: wanted, items: positives.map((sample) => ({ sample, flip: false, classIndex: 0 })) },
      landmarkNames: parts,
      partNames: parts,
      skippedImages: [],
      description: `PartWorld '${wanted[0]}' vs ${names.length - 1} other categories (${positives.length} + ${negatives.length} images)`,
    };
  }
  const set = multiCategorySet({ samples: samples.filter((s) => wanted.includes(s.category)), categories: wanted, seed: options.seed });
  const parts = [...new Set(world.categories.filter((c) => wanted.includes(c.name)).flatMap((c) => c.parts))];
  const positives = samples.filter((s) => wanted.includes(s.category));
  return {
    set,
    kind: 'multi',
    categories: wanted,
    load,
    size,
    evaluation: { categories: wanted, items: positives.map((sample) => ({ sample, flip: false, classIndex: wanted.indexOf(sample.category) })) },
    landmarkNames: parts,
    partNames: parts,
    skippedImages: [],
    description: `PartWorld ${wanted.join(', ')} (${positives.length} images)`,
  };
}

async function ilsvrcData(options: TrainerOptions, size: InputSize): Promise<Omit<PreparedData, 'mean'>> {
  const categories = options.category!;
  const single = categories.length === 1;
  if (single && options.negatives === undefined) throw new ConfigError(`option 'negatives' is required for a single ILSVRC category (the folder of negative images)`);
  const { samples: objects } = await fromUserInput(() => loadIlsvrcAnimalPart({ imagesRoot: options.imagesRoot!, partsRoot: options.partsRoot!, categories }));
  const listed = single ? await fromUserInput(() => loadNegatives({ dir: options.negatives!, limit: options.maxNegatives, skipBad: true })) : { samples: [], skipped: [] };
  const cacheDir = options.cacheDir ?? (options.out ? join(resolve(options.out), '..', '.crop-cache') : undefined);
  const fileLoader = await fromUserInput(() => createFileCropLoader({ size, skipBad: true, ...(cacheDir !== undefined ? { cacheDir } : {}) }), '--cache-dir');
  // Every crop made once before the run relies on it (filling the disk cache): unreadable images are left out here,
  // under the one rule of badImages.ts, rather than vanishing from batches unnamed.
  const positives = await screenImages(objects, fileLoader);
  const negativeCrops = await screenImages(listed.samples, fileLoader);
  const skippedImages = [...positives.skipped, ...listed.skipped, ...negativeCrops.skipped];
  acceptBadImages(skippedImages, objects.length + listed.samples.length + listed.skipped.length, options.maxBadImages);
  const samples = positives.samples;
  const negatives = negativeCrops.samples;
  // Jittered training boxes are new every epoch: cached, they would only fill the disk; fixed boxes keep the cache.
  const trainLoad = options.trainJitter ? { trainLoad: createFileCropLoader({ size, skipBad: true }).load } : {};
  const landmarkNames = Object.keys(ILSVRC_ANIMAL_PART_LANDMARKS);
  if (single) {
    const set = singleCategorySet({ positives: samples, negatives, seed: options.seed, positiveShare: options.positiveShare ?? null });
    return {
      set,
      kind: 'single',
      categories,
      load: fileLoader.load,
      ...trainLoad,
      size,
      fileLoader,
      skippedImages,
      evaluation: { categories, items: samples.map((sample) => ({ sample, flip: false, classIndex: 0 })) },
      landmarkNames,
      description: `ILSVRC Animal-Part ${categories[0]}: ${samples.length} objects vs ${negatives.length} negatives${skippedClause(skippedImages)}`,
    };
  }
  const set = multiCategorySet({ samples, seed: options.seed });
  return {
    set,
    kind: 'multi',
    categories: set.categories,
    load: fileLoader.load,
    ...trainLoad,
    size,
    fileLoader,
    skippedImages,
    evaluation: { categories: set.categories, items: samples.map((sample) => ({ sample, flip: false, classIndex: set.categories.indexOf(sample.category) })) },
    landmarkNames,
    description: `ILSVRC Animal-Part ${set.categories.join(', ')}: ${samples.length} objects${skippedClause(skippedImages)}`,
  };
}

/** Says once, on stderr, when the split left no validation image: validation accuracy is then n/a, not a number. */
export function warnIfNoValidation(set: DataSet, description: string): void {
  if (set.val.items.length > 0) return;
  process.stderr.write(`icnn: warning: no validation images (${description}: ${set.train.items.length} training images, the 90/10 split by object left none); validation accuracy is n/a — use more images\n`);
}

export async function prepareData(options: TrainerOptions): Promise<PreparedData> {
  const size = { width: options.inputSize, height: options.inputSize };
  const data = options.dataset === 'partworld' ? partWorldData(options, size) : await ilsvrcData(options, size);
  warnIfNoValidation(data.set, data.description);
  const { mean } = await setMean(data.set.train, { load: data.load, size });
  return { ...data, mean, ...(options.trainJitter ? { trainJitter: SHIFTED_EVALUATION } : {}) };
}
