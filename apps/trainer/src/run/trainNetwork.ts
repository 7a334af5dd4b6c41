// One training run, in the order its parts run: the run folder checked (runFolder.ts), data, net and optimiser
// built, the starting state (startingState.ts: --resume continues exactly, --init-from loads a backbone), the folder
// claimed, the log opened, the workers started (startRunWorkers.ts), the epochs (epochLoop.ts; one epoch:
// trainEpoch.ts, whose header follows a batch from the image to the SGD step; saves and Ctrl-C: savePoints.ts), then
// the evaluation of SPEC §6 and metrics.json (finalEvaluation.ts).
import { join } from 'node:path';
import type { InterpretableNet } from '@icnn/model';
import { createCategoryTracker, createNetOptimizer } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import { prepareData, type PreparedData } from '../data/prepareData';
import type { NetworkEvaluation, RunMetrics } from '../evaluate/evaluateNetwork';
import type { TrainingWorkers } from '../parallel/trainingWorkers';
import { buildNet, runKind } from './buildNet';
import { runEpochs, type EpochSummary } from './epochLoop';
import { finalEvaluation } from './finalEvaluation';
import { createJsonlLog } from './jsonlLog';
import { learningRateMultipliers } from './learningRateMultipliers';
import { checkRunFolder, claimRunFolder } from './runFolder';
import type { SaveStep } from './runCheckpoint';
import { createSavePoints } from './savePoints';
import { scheduleOf } from './schedule';
import { startingState } from './startingState';
import { startRunWorkers } from './startRunWorkers';

export type { EpochSummary } from './epochLoop';

export interface TrainHooks {
  signal?: AbortSignal;
  /** Prepared data to reuse (compare trains several nets on the same data). */
  data?: PreparedData;
  /** A label for progress lines (default: the run kind). */
  label?: string;
  /** Print epoch summaries to stderr. Default true. */
  verbose?: boolean;
  /** Called after each training batch (epoch, batches done in it). */
  onBatch?: (epoch: number, batch: number) => void;
  /** Measure the filters after training (SPEC §6). Default true; pretraining (no landmarks) turns it off. */
  evaluateFilters?: boolean;
  /** Called after each step of each checkpoint save (tests throw there to play a crash in the middle of a save). */
  afterSaveStep?: (step: SaveStep) => void;
  /** The training worker's script (tests run from source, where the built one does not exist). */
  workerScript?: URL | string;
  /** The evaluation's forward-pass worker script (likewise). */
  forwardWorkerScript?: URL | string;
}

export interface TrainResult {
  kind: string;
  options: TrainerOptions;
  data: PreparedData;
  net: InterpretableNet;
  epochs: EpochSummary[];
  /** null when the run was interrupted before its evaluation. */
  evaluation: NetworkEvaluation | null;
  metrics: RunMetrics | null;
  interrupted: boolean;
  trainSeconds: number;
}

export async function trainNetwork(options: TrainerOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const kind = runKind(options);
  const label = hooks.label ?? kind;
  const verbose = hooks.verbose ?? true;
  const say = (line: string) => {
    if (verbose) process.stderr.write(`${line}\n`);
  };
  const out = options.out;
  checkRunFolder(options);
  const data = hooks.data ?? (await prepareData(options));
  const classes = data.kind === 'single' ? 1 : data.categories.length;
  const net = buildNet(options, classes);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay, multipliers: learningRateMultipliers(options) });
  const tracker = data.kind === 'multi' ? createCategoryTracker(net) : undefined;
  let workers: TrainingWorkers | null = null;
  try {
    const start = await startingState({ options, net, optimizer, tracker, label, say });
    if (out !== undefined) claimRunFolder(out, options);
    const log = createJsonlLog(out !== undefined ? join(out, 'log.jsonl') : null);
    log.write({ event: options.resume ? 'resume' : 'start', kind, data: data.description, trainImages: data.set.train.items.length, valImages: data.set.val.items.length, skippedImages: data.skippedImages, params: net.countParams(), epochsDone: start.epochsDone, batchesDone: start.batchesDone });
    workers = await startRunWorkers({ options, net, optimizer, classes, tracker, ...(hooks.workerScript !== undefined ? { workerScript: hooks.workerScript } : {}) });
    if (workers !== null) say(`${label}: training on ${workers.count} worker threads`);
    // The epochs before a resume come back from the checkpoint, so that metrics.json lists every epoch.
    const epochs: EpochSummary[] = [...(start.history ?? [])];
    const saves = createSavePoints({ out, net, optimizer, tracker, start, epochs, log, label, say, ...(hooks.afterSaveStep ? { afterSaveStep: hooks.afterSaveStep } : {}) });
    const started = performance.now();
    const { interrupted } = await runEpochs(
      {
        options,
        data,
        net,
        optimizer,
        tracker,
        ...(workers !== null ? { step: workers.step } : {}),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        ...(hooks.onBatch ? { onBatch: hooks.onBatch } : {}),
        label,
        schedule: scheduleOf(options),
        batchesPerEpoch: Math.ceil(data.set.train.items.length / options.batch),
        log,
        say,
        saves,
      },
      start,
      epochs,
    );
    const trainSeconds = (performance.now() - started) / 1000;
    await workers?.close();
    // The caller keeps the net (to evaluate, explain, report); the optimiser's state lives on in the checkpoint.
    optimizer.dispose();
    if (interrupted || hooks.evaluateFilters === false) return { kind, options, data, net, epochs, evaluation: null, metrics: null, interrupted, trainSeconds };
    const evaluation = await finalEvaluation({ options, kind, label, data, net, log, epochs, trainSeconds, ...(hooks.forwardWorkerScript !== undefined ? { forwardWorkerScript: hooks.forwardWorkerScript } : {}) });
    return { kind, options, data, net, epochs, evaluation, metrics: evaluation.metrics, interrupted, trainSeconds };
  } catch (error) {
    await workers?.close();
    optimizer.dispose();
    net.dispose();
    throw error;
  }
}
