// One epoch's training pass: this epoch's boxes, its shuffled batches (past those a resume has done), a step each.
//
// Where a batch travels (docs/where-a-batch-travels.md has the shapes and the reasons):
//   1. image       a JPEG on disk (ILSVRC: FileSample.imagePath, loadIlsvrcAnimalPart, @icnn/datasets/node
//                  ilsvrcAnimalPart.ts) or pixels in memory (PartWorld: partWorld, datasets partWorld/partWorld.ts)
//   2. decode      decodeImage (sharp; datasets node/decodeImage.ts), on a miss of createFileCropLoader's disk cache
//                  (node/fileCropLoader.ts, node/cropCache.ts); memoryCropLoader (batches/cropLoader.ts) for PartWorld
//   3. crop        the box: cropImage via cropToInput (image/crop.ts, image/cropToInput.ts); --train-jitter moves
//                  the boxes first: jitterSplit with SHIFTED_EVALUATION (sets/jitterBox.ts, here); the evaluation's
//                  shifted crops are the same call (evaluate/evaluateNetwork.ts)
//   4. resize      resizeBilinear to --input-size (image/resize.ts), inside cropToInput
//   5. batch       batches (batches/batches.ts): shuffled order, flipHorizontal for mirrored items (image/flip.ts),
//                  normalizeInto subtracts setMean's mean image (image/normalize.ts, sets/setMean.ts) into one
//                  Float32Array NHWC batch; runEpoch (@icnn/training runEpoch.ts) hands it to the step
//   6. tensor      tf.tensor4d in localBatchStep (training batchStep.ts) on this thread; with workers,
//                  parallelBatchStep cuts shards (training parallelBatchStep.ts, shards.ts), startTrainingWorkers
//                  posts them (parallel/trainingWorkers.ts) and createShardTrainer makes the tensor in the worker
//                  (parallel/trainWorker.ts, training trainShard.ts)
//   7. backbone    stepGradients → net.forward (training trainStep.ts, @icnn/model buildInterpretableNet.ts) →
//                  backbone.forwardFeatures, runLayer per layer (@icnn/backbone buildLayerBackbone.ts, runLayers.ts)
//   8. tap         the backbone's top conv after ReLU (topFeatures; net.tap): filterLoss 'top' on it
//                  (@icnn/core ops/filterLoss.ts)
//   9. mask        partMask (core ops/partMask.ts) → runNewConv → ReLU → partMask → runPool
//                  (model forwardLayers.ts); the second filterLoss after the pool (authors) or before the mask (paper)
//  10. loss        runHead → logits → net.classificationLoss (model forwardLayers.ts, classificationLoss.ts);
//                  objective = classification + filterLossWeight (filterLossScale / B, runEpoch) × filter losses
//  11. gradients   tf.variableGrads in stepGradients, β's from net.betaGradients (core gradients/betaLearning.ts);
//                  with workers each shard's in its worker, summed by weightedSum in worker order (gradientSum.ts)
//  12. SGD step    optimizer.step (training sgd.ts, createNetOptimizer) in trainStep, or once per batch in
//                  parallelBatchStep with the summed gradients
import { batches, jitterSplit, type Batch } from '@icnn/datasets';
import type { InterpretableNet } from '@icnn/model';
import { runEpoch, type BatchStep, type CategoryTracker, type EpochResult, type EpochTotals, type LearningRateSchedule, type Sgd } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import type { PreparedData } from '../data/prepareData';
import { formatFixed } from './formatFixed';
import { createProgressBar } from './progressBar';

export interface TrainEpochContext {
  options: TrainerOptions;
  data: PreparedData;
  net: InterpretableNet;
  optimizer: Sgd;
  tracker: CategoryTracker | undefined;
  /** The workers' step; this thread's when absent. */
  step?: BatchStep;
  signal?: AbortSignal;
  /** For the progress bar. */
  label: string;
  schedule: LearningRateSchedule;
  batchesPerEpoch: number;
  /** Called after each training batch (epoch, batches done in it). */
  onBatch?: (epoch: number, batch: number) => void;
}

/** Where a resumed epoch picks up: its batches done and their sums. */
export interface EpochStart {
  batchesDone: number;
  totalsBefore?: EpochTotals;
}

async function* skipBatches(stream: AsyncIterable<Batch>, skip: number): AsyncGenerator<Batch> {
  let index = 0;
  for await (const batch of stream) if (index++ >= skip) yield batch;
}

/** Trains epoch `epoch` (1-based) from `start`; stops after the current batch when the signal aborts. */
export async function trainEpoch(context: TrainEpochContext, epoch: number, start: EpochStart): Promise<EpochResult> {
  const { options, data, net, optimizer, tracker, step, signal, label, schedule, batchesPerEpoch, onBatch } = context;
  const bar = createProgressBar(`${label} epoch ${epoch}/${options.epochs}`, options.progress !== undefined ? { enabled: options.progress } : {});
  const trainSplit = data.trainJitter ? jitterSplit(data.set.train, data.trainJitter, options.seed, epoch) : data.set.train;
  const stream = batches(trainSplit, { batchSize: options.batch, load: data.trainLoad ?? data.load, size: data.size, mean: data.mean, shuffle: true, seed: options.seed, epoch });
  const result = await runEpoch({
    net,
    optimizer,
    batches: skipBatches(stream, start.batchesDone),
    epoch,
    schedule,
    batchesPerEpoch,
    firstBatch: start.batchesDone,
    ...(start.totalsBefore ? { totalsBefore: start.totalsBefore } : {}),
    filterLossScale: options.filterLossScale,
    seed: options.seed,
    ...(tracker ? { categories: tracker } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(signal ? { signal } : {}),
    onBatch: (p) => {
      onBatch?.(epoch, p.batch);
      bar.update(p.batch, batchesPerEpoch, `loss ${formatFixed(p.loss)} (cls ${formatFixed(p.classification)}, −MI ${formatFixed(p.filterLoss, 3)}) acc ${formatFixed(p.accuracy, 3)} lr ${p.learningRate.toExponential(2)}`);
    },
  });
  bar.finish();
  return result;
}
