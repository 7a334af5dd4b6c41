// `icnn pretrain`: a backbone taught to classify the images of an image folder (softmax over its classes, random
// crop/scale/flip, the run's schedule, checkpoints and --resume as `train` has them), written as a pretrained
// backbone (<out>/backbone/) that `train`/`compare --init-from <out>` start from — our stand-in for the ImageNet
// weights the paper fine-tunes, which this machine cannot download.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type TrainerOptions } from '../config/options';
import { prepareImageFolderData } from '../data/imageFolderData';
import { accuracyText, validationAccuracy } from '../evaluate/evaluateNetwork';
import { checkOutFolder } from '../run/outFolder';
import { BACKBONE_DIR, saveBackboneCheckpoint } from '../run/pretrainedBackbone';
import { trainNetwork } from '../run/trainNetwork';

/** Classification only: the ordinary network with a softmax over the folder's classes; its backbone is what is kept. */
export function pretrainRunOptions(options: TrainerOptions): TrainerOptions {
  return { ...options, interpretable: false, loss: 'softmax' };
}

export async function pretrainCommand(options: TrainerOptions, signal: AbortSignal): Promise<number> {
  if (options.out === undefined) throw new ConfigError(`pretrain needs --out (the folder its checkpoint and pretrained backbone go to)`);
  if (options.initFrom !== undefined) throw new ConfigError(`pretrain starts from scratch: --init-from is for train and compare`);
  checkOutFolder(options.out);
  const runOptions = pretrainRunOptions(options);
  const data = await prepareImageFolderData(runOptions);
  process.stderr.write(`pretrain: ${data.description}; ${data.set.train.items.length} training and ${data.set.val.items.length} validation images at ${options.inputSize}×${options.inputSize}\n`);
  const result = await trainNetwork(runOptions, { data, label: 'pretrain', signal, evaluateFilters: false });
  try {
    if (result.interrupted) return 130;
    // The last epoch measured it; only a resumed run that was already finished has no epoch this time.
    const accuracy = result.epochs.at(-1)?.valAccuracy ?? (await validationAccuracy(result.net, data, options.batch)).accuracy;
    const trainedImages = result.epochs.length * data.set.train.items.length;
    const seconds = result.epochs.reduce((sum, e) => sum + e.seconds, 0);
    const summary = {
      backbone: options.backbone,
      width: options.width,
      inputSize: options.inputSize,
      classes: data.categories,
      trainImages: data.set.train.items.length,
      valImages: data.set.val.items.length,
      skippedImages: data.skippedImages.length,
      epochs: options.epochs,
      valAccuracy: accuracy,
      // Training throughput of this session's epochs (validation passes included in their seconds).
      imagesPerSecond: seconds > 0 ? trainedImages / seconds : null,
      trainSeconds: result.trainSeconds,
      history: result.epochs,
    };
    await saveBackboneCheckpoint(join(options.out, BACKBONE_DIR), result.net, {
      backbone: options.backbone,
      width: options.width,
      inputSize: options.inputSize,
      classes: data.categories,
      epochs: options.epochs,
      valAccuracy: accuracy,
      seed: options.seed,
      data: options.imageFolder!,
    });
    writeFileSync(join(options.out, 'pretrain.json'), `${JSON.stringify(summary, null, 2)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      process.stdout.write(
        [
          `pretrain: ${options.backbone} ×${options.width} at ${options.inputSize} px, ${data.categories.length} classes: validation accuracy ${accuracyText(accuracy)} (chance ${(1 / data.categories.length).toFixed(3)})`,
          summary.imagesPerSecond !== null ? `${summary.imagesPerSecond.toFixed(1)} training images/s` : '',
          `pretrained backbone: ${join(options.out, BACKBONE_DIR)}/ (use it with --init-from ${options.out})`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
    }
    return 0;
  } finally {
    result.net.dispose();
  }
}
