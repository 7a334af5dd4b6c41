// The data of `icnn pretrain`: an image-folder tree (one folder per class) split 90/10 per class, each epoch's
// training crops drawn at random (scale, position, mirror), validation on the whole images unmirrored. No landmarks:
// pretraining is classification only.
import { multiCategorySet, setMean, type BoxJitter } from '@icnn/datasets';
import { createFileCropLoader, loadImageFolder } from '@icnn/datasets/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import type { PreparedData } from './prepareData';

/** Random crop/scale/flip: a crop of 60–100% of the image's width and height (its aspect kept), its centre moved by up
 * to ±20%, mirrored half the time. */
export const PRETRAIN_AUGMENTATION: BoxJitter = { scale: [0.6, 1], shift: 0.2, randomFlip: true };

export async function prepareImageFolderData(options: TrainerOptions): Promise<PreparedData & { skippedFiles: { file: string; reason: string }[] }> {
  if (options.imageFolder === undefined) throw new ConfigError(`option 'imageFolder' is required by pretrain (the root of <class>/<image> folders)`);
  let folder;
  try {
    folder = await loadImageFolder({ root: options.imageFolder, ...(options.category ? { classes: options.category } : {}), ...(options.maxPerClass !== undefined ? { limit: options.maxPerClass } : {}) });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (folder.classes.length < 2) throw new ConfigError(`pretrain needs at least 2 classes, ${options.imageFolder} gives ${folder.classes.length}`);
  const set = multiCategorySet({ samples: folder.samples, categories: folder.classes, seed: options.seed, flip: false });
  const size = { width: options.inputSize, height: options.inputSize };
  // No disk cache: the training boxes are new every epoch, and these crops decode in well under a millisecond.
  const fileLoader = createFileCropLoader({ size, skipBad: true });
  const { mean } = await setMean(set.train, { load: fileLoader.load, size });
  return {
    set,
    kind: 'multi',
    categories: folder.classes,
    load: fileLoader.load,
    size,
    mean,
    fileLoader,
    evaluation: { categories: folder.classes, items: [] },
    landmarkNames: [],
    description: `image folder ${options.imageFolder}: ${folder.classes.length} classes, ${folder.samples.length} images`,
    trainJitter: PRETRAIN_AUGMENTATION,
    skippedFiles: folder.skipped,
  };
}
