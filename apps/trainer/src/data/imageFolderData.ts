// The data of `icnn pretrain`: an image-folder tree (one folder per class) split 90/10 per class, each epoch's
// training crops drawn at random (scale, position, mirror), validation on the whole images unmirrored. No landmarks:
// pretraining is classification only.
import { multiCategorySet, setMean, type BoxJitter } from '@icnn/datasets';
import { createFileCropLoader, loadImageFolder, screenImages } from '@icnn/datasets/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { fromUserInput } from '../config/userInput';
import { acceptBadImages, skippedClause } from './badImages';
import { warnIfNoValidation, type PreparedData } from './prepareData';

/** Random crop/scale/flip: a crop of 60–100% of the image's width and height (its aspect kept), its centre moved by up
 * to ±20%, mirrored half the time. */
export const PRETRAIN_AUGMENTATION: BoxJitter = { scale: [0.6, 1], shift: 0.2, randomFlip: true };

export async function prepareImageFolderData(options: TrainerOptions): Promise<PreparedData> {
  if (options.imageFolder === undefined) throw new ConfigError(`option 'imageFolder' is required by pretrain (the root of <class>/<image> folders)`);
  const folder = await fromUserInput(() =>
    loadImageFolder({ root: options.imageFolder!, ...(options.category ? { classes: options.category } : {}), ...(options.maxPerClass !== undefined ? { limit: options.maxPerClass } : {}) }),
  );
  if (folder.classes.length < 2) throw new ConfigError(`pretrain needs at least 2 classes, ${options.imageFolder} gives ${folder.classes.length}`);
  const size = { width: options.inputSize, height: options.inputSize };
  // No disk cache: the training boxes are new every epoch, and these crops decode in well under a millisecond.
  const fileLoader = createFileCropLoader({ size, skipBad: true });
  // Headers read (loadImageFolder) and every image decoded once: both kinds of bad image under one rule (badImages.ts).
  const readable = await screenImages(folder.samples, fileLoader);
  const skippedImages = [...folder.skipped, ...readable.skipped];
  acceptBadImages(skippedImages, folder.samples.length + folder.skipped.length, options.maxBadImages);
  const set = multiCategorySet({ samples: readable.samples, categories: folder.classes, seed: options.seed, flip: false });
  const description = `image folder ${options.imageFolder}: ${folder.classes.length} classes, ${readable.samples.length} images${skippedClause(skippedImages)}`;
  warnIfNoValidation(set, description);
  const { mean } = await setMean(set.train, { load: fileLoader.load, size });
  return {
    set,
    kind: 'multi',
    categories: folder.classes,
    load: fileLoader.load,
    size,
    mean,
    fileLoader,
    skippedImages,
    evaluation: { categories: folder.classes, items: [] },
    landmarkNames: [],
    description,
    trainJitter: PRETRAIN_AUGMENTATION,
  };
}
