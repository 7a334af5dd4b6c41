// The run loop: from the starting state's epoch to --epochs, each epoch trained (trainEpoch.ts, whose header follows
// a batch from the image to the SGD step), its validation accuracy, its summary logged and said, and a checkpoint;
// a stop inside or after an epoch goes through the save points.
import { accuracyText, validationAccuracy } from '../evaluate/evaluateNetwork';
import { formatFixed } from './formatFixed';
import type { JsonlLog } from './jsonlLog';
import type { TrainerState } from './runCheckpoint';
import type { SavePoints } from './savePoints';
import { trainEpoch, type TrainEpochContext } from './trainEpoch';

export interface EpochSummary {
  epoch: number;
  loss: number;
  classification: number;
  filterLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
  learningRate: number;
  seconds: number;
}

export interface EpochLoopContext extends TrainEpochContext {
  log: JsonlLog;
  say: (line: string) => void;
  saves: SavePoints;
}

/**
 * Trains the epochs after `start`'s, appending each one's summary to `epochs`. Returns whether the signal stopped the
 * run before its last epoch.
 */
export async function runEpochs(context: EpochLoopContext, start: TrainerState, epochs: EpochSummary[]): Promise<{ interrupted: boolean }> {
  const { options, data, net, label, log, say, saves, signal } = context;
  for (let epoch = start.epochsDone + 1; epoch <= options.epochs; epoch++) {
    const epochStart = performance.now();
    const resumedInside = epoch === start.epochsDone + 1 && start.batchesDone > 0;
    // An epoch resumed inside continues the sums and the clock of its batches before the interruption.
    const before = resumedInside ? start.partialEpoch : undefined;
    const seconds = () => (before?.seconds ?? 0) + (performance.now() - epochStart) / 1000;
    const result = await trainEpoch(context, epoch, { batchesDone: resumedInside ? start.batchesDone : 0, ...(before ? { totalsBefore: before.totals } : {}) });
    if (!result.completed) {
      await saves.stopInsideEpoch(epoch, result, seconds());
      return { interrupted: true };
    }
    const val = await validationAccuracy(net, data, options.batch);
    const summary: EpochSummary = {
      epoch,
      loss: result.loss,
      classification: result.classification,
      filterLoss: result.filterLoss,
      trainAccuracy: result.accuracy,
      valAccuracy: val.accuracy,
      learningRate: result.learningRate,
      seconds: seconds(),
    };
    epochs.push(summary);
    log.write({ event: 'epoch', ...summary });
    await saves.afterEpoch(epoch);
    say(`${label} epoch ${epoch}/${options.epochs}: loss ${formatFixed(summary.loss)} train acc ${formatFixed(summary.trainAccuracy, 3)} val acc ${accuracyText(summary.valAccuracy)} (${summary.seconds.toFixed(0)} s)`);
    if (signal?.aborted && epoch < options.epochs) {
      saves.stopAfterEpoch(epoch);
      return { interrupted: true };
    }
  }
  return { interrupted: false };
}
