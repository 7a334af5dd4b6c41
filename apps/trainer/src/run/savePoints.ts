// Where a run saves and how it stops: a checkpoint after every epoch; Ctrl-C (the signal) inside an epoch saves its
// batches so far with their sums and seconds, so that --resume finishes the epoch as if never stopped; Ctrl-C after
// an epoch has nothing more to save. Each stop goes into the log and is said, with how to continue.
import type { InterpretableNet } from '@icnn/model';
import type { CategoryTracker, EpochResult, Sgd } from '@icnn/training';
import type { EpochSummary } from './epochLoop';
import type { JsonlLog } from './jsonlLog';
import { checkpointDir, saveRunCheckpoint, type SaveStep, type TrainerState } from './runCheckpoint';

export interface SavePointsOptions {
  /** The run's folder; none: nothing is saved. */
  out: string | undefined;
  net: InterpretableNet;
  optimizer: Sgd;
  tracker: CategoryTracker | undefined;
  /** The state the run started from (kept in every save: the run's options). */
  start: TrainerState;
  /** The summaries of the epochs done (the checkpoint's history), appended to by the loop. */
  epochs: EpochSummary[];
  log: JsonlLog;
  label: string;
  say: (line: string) => void;
  /** Called after each step of each save (tests throw there to play a crash in the middle of a save). */
  afterSaveStep?: (step: SaveStep) => void;
}

export interface SavePoints {
  /** The checkpoint after epoch `epoch` finished. */
  afterEpoch(epoch: number): Promise<void>;
  /** The signal stopped epoch `epoch` after `result.batch` batches, `seconds` into it (resumed seconds included). */
  stopInsideEpoch(epoch: number, result: EpochResult, seconds: number): Promise<void>;
  /** The signal came during epoch `epoch`, which finished and saved; the next is not started. */
  stopAfterEpoch(epoch: number): void;
}

export function createSavePoints({ out, net, optimizer, tracker, start, epochs, log, label, say, afterSaveStep }: SavePointsOptions): SavePoints {
  let state = start;
  const save = async (epochsDone: number, batchesDone: number, partialEpoch?: TrainerState['partialEpoch']) => {
    if (out === undefined) return;
    state = { ...state, epochsDone, batchesDone, history: epochs, partialEpoch, ...(tracker ? { categories: tracker.state() as Record<string, number[]> } : {}) };
    await saveRunCheckpoint(out, net, optimizer, state, afterSaveStep);
  };
  const where = out ? ` in ${checkpointDir(out)} (continue with --resume)` : '';
  return {
    afterEpoch: (epoch) => save(epoch, 0),
    async stopInsideEpoch(epoch, result, seconds) {
      await save(epoch - 1, result.batch, { totals: result.totals, seconds });
      log.write({ event: 'interrupted', epoch, batchesDone: result.batch });
      say(`${label}: stopped in epoch ${epoch} after batch ${result.batch}; checkpoint saved${where}`);
    },
    stopAfterEpoch(epoch) {
      log.write({ event: 'interrupted', epoch: epoch + 1, batchesDone: 0 });
      say(`${label}: stopped after epoch ${epoch}; checkpoint saved${where}`);
    },
  };
}
