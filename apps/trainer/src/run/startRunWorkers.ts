// Who computes a run's training steps: worker threads, one shard of every batch each (--workers, default the cores
// on wasm and cpu), or this thread.
import { getBackend } from '@tensorflow/tfjs-core';
import type { InterpretableNet } from '@icnn/model';
import type { CategoryTracker, Sgd } from '@icnn/training';
import { ConfigError, type TrainerOptions } from '../config/options';
import { defaultWorkers, startTrainingWorkers, type TrainingWorkers } from '../parallel/trainingWorkers';

export interface RunWorkersOptions {
  options: TrainerOptions;
  net: InterpretableNet;
  optimizer: Sgd;
  classes: number;
  tracker: CategoryTracker | undefined;
  /** The training worker's script (tests run from source, where the built one does not exist). */
  workerScript?: URL | string;
}

/** The run's worker threads, or null to train on this thread (one worker, or a backend the workers cannot share). */
export async function startRunWorkers({ options, net, optimizer, classes, tracker, workerScript }: RunWorkersOptions): Promise<TrainingWorkers | null> {
  const backend = getBackend();
  const count = options.workers ?? defaultWorkers(backend);
  if (count <= 1) return null;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ConfigError(`--workers ${count}: worker threads train on the CPU backends (wasm, cpu); the '${backend}' backend uses its device from one thread (pass --workers 1)`);
  return startTrainingWorkers({ options, classes, net, optimizer, workers: count, ...(tracker ? { categories: tracker } : {}), ...(workerScript !== undefined ? { workerScript } : {}) });
}
