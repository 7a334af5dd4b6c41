// Data-parallel training on N worker threads, each with its own single-threaded backend (tfjs-wasm runs one thread
// in Node, and so do our SIMD gradient kernels). The step itself — shards, the fixed-order weighted gradient sum,
// batch-norm statistics, one optimiser step — is @icnn/training's parallelBatchStep (the docs' Web Workers share it);
// this file starts the Node workers, carries the shards to them and turns a worker's death into the run's error.
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InterpretableNet } from '@icnn/model';
import { parallelBatchStep, variableLayout, type BatchStep, type CategoryTracker, type ParallelStepTimings, type Sgd, type ShardRequest, type ShardResult } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import type { WorkerReply, WorkerSetup } from './workerProtocol';

/** The most workers a run starts by default: past this the per-step exchange outweighs the shards' work. */
export const MAX_DEFAULT_WORKERS = 8;

/** `--workers` when not given: the cores (at most MAX_DEFAULT_WORKERS) on the CPU backends, 1 on a GPU. */
export function defaultWorkers(backend: string): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  return Math.max(1, Math.min(MAX_DEFAULT_WORKERS, cpus().length));
}

export interface TrainingWorkersOptions {
  options: TrainerOptions;
  classes: number;
  net: InterpretableNet;
  optimizer: Sgd;
  categories?: CategoryTracker;
  workers: number;
  /** The worker's script (default: trainWorker.js beside this bundle). */
  workerScript?: URL | string;
  /** Called after every step with where its time went (benchmarks). */
  onTimings?: (timings: ParallelStepTimings) => void;
}

export interface TrainingWorkers {
  readonly count: number;
  /** Trains on a batch across the workers (runEpoch's `step`). */
  step: BatchStep;
  /** Stops the workers. */
  close(): Promise<void>;
}

interface PendingShard {
  resolve: (result: ShardResult) => void;
  reject: (error: Error) => void;
}

export async function startTrainingWorkers(config: TrainingWorkersOptions): Promise<TrainingWorkers> {
  const { net, optimizer, categories, classes } = config;
  const layout = variableLayout(net);
  const weightsBuffer = new SharedArrayBuffer(layout.length * 4);
  const weights = new Float32Array(weightsBuffer);
  const script = config.workerScript ?? new URL('./trainWorker.js', import.meta.url);
  const workers: { thread: Worker; gradients: Float32Array; state: Float32Array; pending: PendingShard | null; dead: Error | null }[] = [];
  try {
    for (let index = 0; index < config.workers; index++) {
      const gradients = new SharedArrayBuffer(layout.length * 4);
      const state = new SharedArrayBuffer(layout.length * 4);
      const setup: WorkerSetup = { index, options: config.options, classes, layout, weights: weightsBuffer, gradients, state };
      const thread = new Worker(script, { workerData: setup });
      workers.push({ thread, gradients: new Float32Array(gradients), state: new Float32Array(state), pending: null, dead: null });
    }
    await Promise.all(workers.map((worker, index) => watch(worker, index)));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
    throw error;
  }

  /** Resolves once the worker is ready; afterwards routes its replies and its death to the shard it is on. */
  function watch(worker: (typeof workers)[number], index: number): Promise<void> {
    return new Promise((ready, failed) => {
      const die = (error: Error) => {
        worker.dead = error;
        failed(error);
        worker.pending?.reject(error);
        worker.pending = null;
      };
      worker.thread.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') ready();
        else if (message.type === 'error') die(new Error(`training worker ${index}: ${message.message}`));
        else {
          const pending = worker.pending;
          worker.pending = null;
          pending?.resolve(message);
        }
      });
      worker.thread.on('error', (error) => die(new Error(`training worker ${index} failed: ${error.message}`)));
      worker.thread.on('exit', (code) => {
        if (worker.dead === null) die(new Error(`training worker ${index} exited (code ${code}) in the middle of the run`));
      });
    });
  }

  function runShard(index: number, request: ShardRequest): Promise<ShardResult> {
    const worker = workers[index];
    if (worker.dead !== null) return Promise.reject(worker.dead);
    return new Promise((resolve, reject) => {
      worker.pending = { resolve, reject };
      worker.thread.postMessage(request, [request.images.buffer as ArrayBuffer, request.labels.buffer as ArrayBuffer]);
    });
  }

  const step = parallelBatchStep({
    net,
    optimizer,
    ...(categories !== undefined ? { categories } : {}),
    layout,
    weights,
    workers: workers.map((worker, index) => ({ gradients: worker.gradients, state: worker.state, run: (request) => runShard(index, request) })),
    ...(config.onTimings !== undefined ? { onTimings: config.onTimings } : {}),
  });

  return {
    count: workers.length,
    step,
    async close() {
      for (const worker of workers) worker.dead ??= new Error('training workers closed');
      await Promise.all(workers.map((worker) => worker.thread.terminate()));
    },
  };
}

