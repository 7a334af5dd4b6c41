// One training run: data, net, optimiser; epochs of SGD with a progress bar, a JSONL log and an atomic checkpoint
// after each epoch; `--resume` continues from the checkpoint exactly (same batches, dropout masks and rates); an
// abort (Ctrl-C) stops after the current batch, saves, and returns. Then the evaluation of SPEC §6.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBackend } from '@tensorflow/tfjs-core';
import { batches, jitterSplit, type Batch } from '@icnn/datasets';
import type { InterpretableNet } from '@icnn/model';
import { createCategoryTracker, createNetOptimizer, runEpoch, type CategoryTracker, type Sgd } from '@icnn/training';
import { ConfigError, type TrainerOptions } from '../config/options';
import { prepareData, type PreparedData } from '../data/prepareData';
import { accuracyText, evaluateNetwork, validationAccuracy, type NetworkEvaluation, type RunMetrics } from '../evaluate/evaluateNetwork';
import { defaultWorkers, startTrainingWorkers, type TrainingWorkers } from '../parallel/trainingWorkers';
import { buildNet, runKind } from './buildNet';
import { createJsonlLog } from './jsonlLog';
import { learningRateMultipliers } from './learningRateMultipliers';
import { checkOutFolder, claimOutFolder } from './outFolder';
import { initBackboneFrom } from './pretrainedBackbone';
import { createProgressBar } from './progressBar';
import { checkpointDir, loadRunCheckpoint, readRunState, saveRunCheckpoint, type SaveStep, type TrainerState } from './runCheckpoint';
import { scheduleOf } from './schedule';

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

/** Options that may differ on --resume (the rest must match the checkpoint's; evalSeed only moves the evaluation). */
const RESUMABLE_CHANGES = new Set(['epochs', 'resume', 'out', 'progress', 'json', 'config', 'cacheDir', 'backend', 'evalSeed', 'workers', 'maxBadImages']);

function checkResumable(options: TrainerOptions, state: TrainerState): void {
  for (const [key, saved] of Object.entries(state.options)) {
    if (RESUMABLE_CHANGES.has(key)) continue;
    const now = (options as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(now) !== JSON.stringify(saved)) {
      throw new ConfigError(`--resume: option '${key}' is ${JSON.stringify(now)} but the checkpoint was trained with ${JSON.stringify(saved)}`);
    }
  }
}

async function* skipBatches(stream: AsyncIterable<Batch>, skip: number): AsyncGenerator<Batch> {
  let index = 0;
  for await (const batch of stream) if (index++ >= skip) yield batch;
}

const fixed = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

export async function trainNetwork(options: TrainerOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const kind = runKind(options);
  const label = hooks.label ?? kind;
  const verbose = hooks.verbose ?? true;
  const out = options.out;
  if (out !== undefined) checkOutFolder(out);
  if (out !== undefined && !options.resume && readRunState(out) !== null) {
    throw new ConfigError(`${checkpointDir(out)} already holds a run: pass --resume to continue it, or choose another --out`);
  }
  if (out !== undefined && options.resume && readRunState(out) === null) throw new ConfigError(`--resume: ${out} holds no checkpoint to continue from (a run saves one after its first epoch or when stopped)`);
  const data = hooks.data ?? (await prepareData(options));
  const classes = data.kind === 'single' ? 1 : data.categories.length;
  const net = buildNet(options, classes);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay, multipliers: learningRateMultipliers(options) });
  const tracker = data.kind === 'multi' ? createCategoryTracker(net) : undefined;
  let workers: TrainingWorkers | null = null;
  let state: TrainerState = { epochsDone: 0, batchesDone: 0, options: { ...options } as Record<string, unknown> };
  try {
    if (options.resume) {
      state = await loadRunCheckpoint(out!, net, optimizer);
      checkResumable(options, state);
      if (state.categories && tracker) tracker.restore(state.categories);
      if (verbose) process.stderr.write(`${label}: resuming after epoch ${state.epochsDone}${state.batchesDone ? `, batch ${state.batchesDone}` : ''}\n`);
    } else if (options.initFrom !== undefined) {
      const pretrained = await initBackboneFrom(net, options);
      if (verbose) process.stderr.write(`${label}: backbone from ${options.initFrom} (${pretrained.backbone} ×${pretrained.width}, ${pretrained.inputSize} px, ${pretrained.classes.length} classes, val acc ${fixed(pretrained.valAccuracy, 3)})\n`);
    }
    if (out !== undefined) {
      claimOutFolder(out);
      // Rewritten on --resume, which may extend --epochs: the run's options (not this invocation's --resume).
      writeFileSync(join(out, 'config.json'), `${JSON.stringify({ ...options, resume: false }, null, 2)}\n`);
    }
    const log = createJsonlLog(out !== undefined ? join(out, 'log.jsonl') : null);
    log.write({ event: options.resume ? 'resume' : 'start', kind, data: data.description, trainImages: data.set.train.items.length, valImages: data.set.val.items.length, skippedImages: data.skippedImages, params: net.countParams(), epochsDone: state.epochsDone, batchesDone: state.batchesDone });
    workers = await startWorkers(options, net, optimizer, classes, tracker, hooks);
    if (workers !== null && verbose) process.stderr.write(`${label}: training on ${workers.count} worker threads\n`);
    const schedule = scheduleOf(options);
    const batchesPerEpoch = Math.ceil(data.set.train.items.length / options.batch);
    // The epochs before a resume come back from the checkpoint, so that metrics.json lists every epoch.
    const epochs: EpochSummary[] = [...(state.history ?? [])];
    const started = performance.now();
    let interrupted = false;
    const save = async (epochsDone: number, batchesDone: number, partialEpoch?: TrainerState['partialEpoch']) => {
      if (out === undefined) return;
      state = { ...state, epochsDone, batchesDone, history: epochs, partialEpoch, ...(tracker ? { categories: tracker.state() as Record<string, number[]> } : {}) };
      await saveRunCheckpoint(out, net, optimizer, state, hooks.afterSaveStep);
    };
    for (let epoch = state.epochsDone + 1; epoch <= options.epochs && !interrupted; epoch++) {
      const epochStart = performance.now();
      const skip = epoch === state.epochsDone + 1 ? state.batchesDone : 0;
      // An epoch resumed inside continues the sums and the clock of its batches before the interruption.
      const before = skip > 0 ? state.partialEpoch : undefined;
      const bar = createProgressBar(`${label} epoch ${epoch}/${options.epochs}`, options.progress !== undefined ? { enabled: options.progress } : {});
      const trainSplit = data.trainJitter ? jitterSplit(data.set.train, data.trainJitter, options.seed, epoch) : data.set.train;
      const stream = batches(trainSplit, { batchSize: options.batch, load: data.trainLoad ?? data.load, size: data.size, mean: data.mean, shuffle: true, seed: options.seed, epoch });
      const result = await runEpoch({
        net,
        optimizer,
        batches: skipBatches(stream, skip),
        epoch,
        schedule,
        batchesPerEpoch,
        firstBatch: skip,
        ...(before ? { totalsBefore: before.totals } : {}),
        filterLossScale: options.filterLossScale,
        seed: options.seed,
        ...(tracker ? { categories: tracker } : {}),
        ...(workers !== null ? { step: workers.step } : {}),
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onBatch: (p) => {
          hooks.onBatch?.(epoch, p.batch);
          bar.update(p.batch, batchesPerEpoch, `loss ${fixed(p.loss)} (cls ${fixed(p.classification)}, −MI ${fixed(p.filterLoss, 3)}) acc ${fixed(p.accuracy, 3)} lr ${p.learningRate.toExponential(2)}`);
        },
      });
      bar.finish();
      if (!result.completed) {
        interrupted = true;
        await save(epoch - 1, result.batch, { totals: result.totals, seconds: (before?.seconds ?? 0) + (performance.now() - epochStart) / 1000 });
        log.write({ event: 'interrupted', epoch, batchesDone: result.batch });
        if (verbose) process.stderr.write(`${label}: stopped in epoch ${epoch} after batch ${result.batch}; checkpoint saved${out ? ` in ${checkpointDir(out)} (continue with --resume)` : ''}\n`);
        break;
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
        seconds: (before?.seconds ?? 0) + (performance.now() - epochStart) / 1000,
      };
      epochs.push(summary);
      log.write({ event: 'epoch', ...summary });
      await save(epoch, 0);
      if (verbose) {
        process.stderr.write(`${label} epoch ${epoch}/${options.epochs}: loss ${fixed(summary.loss)} train acc ${fixed(summary.trainAccuracy, 3)} val acc ${accuracyText(summary.valAccuracy)} (${summary.seconds.toFixed(0)} s)\n`);
      }
      if (hooks.signal?.aborted && epoch < options.epochs) {
        interrupted = true;
        log.write({ event: 'interrupted', epoch: epoch + 1, batchesDone: 0 });
        if (verbose) process.stderr.write(`${label}: stopped after epoch ${epoch}; checkpoint saved${out ? ` in ${checkpointDir(out)} (continue with --resume)` : ''}\n`);
      }
    }
    const trainSeconds = (performance.now() - started) / 1000;
    await workers?.close();
    // The caller keeps the net (to evaluate, explain, report); the optimiser's state lives on in the checkpoint.
    optimizer.dispose();
    if (interrupted || hooks.evaluateFilters === false) return { kind, options, data, net, epochs, evaluation: null, metrics: null, interrupted, trainSeconds };
    const bar = createProgressBar(`${label} evaluation`, options.progress !== undefined ? { enabled: options.progress } : {});
    const evaluation = await evaluateNetwork(net, data, {
      batchSize: options.batch,
      evalSeed: options.evalSeed,
      parallel: { options, workers: options.workers ?? defaultWorkers(getBackend()), ...(hooks.forwardWorkerScript !== undefined ? { workerScript: hooks.forwardWorkerScript } : {}) },
      onProgress: (done, total, protocol) => bar.update(done, total, protocol === 'paper' ? 'box crops' : 'shifted crops'),
    });
    bar.finish();
    log.write({ event: 'evaluation', ...evaluation.metrics });
    if (out !== undefined) writeFileSync(join(out, 'metrics.json'), `${JSON.stringify({ kind, ...evaluation.metrics, trainSeconds, epochs }, null, 2)}\n`);
    return { kind, options, data, net, epochs, evaluation, metrics: evaluation.metrics, interrupted, trainSeconds };
  } catch (error) {
    await workers?.close();
    optimizer.dispose();
    net.dispose();
    throw error;
  }
}

/** The run's worker threads, or null to train on this thread (one worker, or a backend the workers cannot share). */
async function startWorkers(options: TrainerOptions, net: InterpretableNet, optimizer: Sgd, classes: number, tracker: CategoryTracker | undefined, hooks: TrainHooks): Promise<TrainingWorkers | null> {
  const backend = getBackend();
  const count = options.workers ?? defaultWorkers(backend);
  if (count <= 1) return null;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ConfigError(`--workers ${count}: worker threads train on the CPU backends (wasm, cpu); the '${backend}' backend uses its device from one thread (pass --workers 1)`);
  return startTrainingWorkers({ options, classes, net, optimizer, workers: count, ...(tracker ? { categories: tracker } : {}), ...(hooks.workerScript !== undefined ? { workerScript: hooks.workerScript } : {}) });
}
