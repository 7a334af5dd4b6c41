// The evaluation's forward passes on N worker threads: each worker holds a copy of the net (same options, same
// weights, same single-threaded CPU backend as this thread) and takes the next batch when it is free. Callers keep
// the order of their batches themselves (mapAhead), so which worker ran a batch never shows in the figures.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageData4D } from '@icnn/metrics/evaluate';
import type { InterpretableNet } from '@icnn/model';
import { variableLayout, writeVariables } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import type { ForwardOutput, ForwardReply, ForwardRequest, ForwardSetup } from './forwardProtocol';

export interface ForwardPoolOptions {
  /** The options the net was built from (each worker builds its own from them). */
  options: TrainerOptions;
  net: InterpretableNet;
  workers: number;
  /** The worker's script (default: forwardWorker.js beside this bundle). */
  workerScript?: URL | string;
}

/** A net's output for a batch: plain float32 data and its shape. */
export interface ForwardResult {
  data: Float32Array;
  shape: number[];
}

export interface ForwardPool {
  readonly count: number;
  /** The net's `output` for `images` (the array is transferred to the worker: the caller must not use it after). */
  run(images: ImageData4D, output: ForwardOutput): Promise<ForwardResult>;
  close(): Promise<void>;
}

interface Job {
  request: ForwardRequest;
  resolve: (result: ForwardResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  thread: Worker;
  job: Job | null;
}

export async function startForwardPool(config: ForwardPoolOptions): Promise<ForwardPool> {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`forward workers run on the CPU backends (wasm, cpu), not '${backend}'`);
  const { net } = config;
  const layout = variableLayout(net);
  const weights = new Float32Array(layout.length);
  writeVariables(net, layout, weights);
  const script = config.workerScript ?? new URL('./forwardWorker.js', import.meta.url);
  const workers: PoolWorker[] = [];
  const queue: Job[] = [];
  let failure: Error | null = null;

  const fail = (error: Error) => {
    if (failure !== null) return;
    failure = error;
    for (const job of [...queue.splice(0), ...workers.map((worker) => worker.job)]) job?.reject(error);
    for (const worker of workers) worker.job = null;
  };
  const dispatch = () => {
    for (const worker of workers) {
      if (failure !== null || queue.length === 0) return;
      if (worker.job !== null) continue;
      worker.job = queue.shift()!;
      worker.thread.postMessage(worker.job.request, [worker.job.request.images.buffer as ArrayBuffer]);
    }
  };

  const ready = Array.from({ length: config.workers }, (_, index) => {
    const setup: ForwardSetup = { index, backend, options: config.options, classes: net.options.classes, layout, weights };
    const worker: PoolWorker = { thread: new Worker(script, { workerData: setup }), job: null };
    workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.thread.on('message', (message: ForwardReply) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'error') {
          const error = new Error(`evaluation worker ${index}: ${message.message}`);
          reject(error);
          fail(error);
        } else {
          const job = worker.job;
          worker.job = null;
          job?.resolve({ data: message.data, shape: message.shape });
          dispatch();
        }
      });
      const die = (error: Error) => {
        reject(error);
        fail(error);
      };
      worker.thread.on('error', (error) => die(new Error(`evaluation worker ${index} failed: ${error.message}`)));
      worker.thread.on('exit', (code) => die(new Error(`evaluation worker ${index} exited (code ${code}) in the middle of the evaluation`)));
    });
  });
  const close = async () => {
    fail(new Error('evaluation workers closed'));
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    count: workers.length,
    run(images, output) {
      if (failure !== null) return Promise.reject(failure);
      // A view into a larger buffer cannot be transferred alone: copy it into its own.
      const own = images.data.byteOffset === 0 && images.data.byteLength === images.data.buffer.byteLength ? images.data : images.data.slice();
      const [b, h, w, c] = images.shape;
      return new Promise((resolve, reject) => {
        queue.push({ request: { images: own, shape: [b, h, w, c], output }, resolve, reject });
        dispatch();
      });
    },
    close,
  };
}
