// The bench's 4-conv CNN trained data-parallel on N worker threads, the way the trainer's `--workers` trains its nets:
// every worker has its own single-threaded wasm backend and copy of the model; per step this thread writes the
// weights into shared memory, each worker computes the gradients of its contiguous shard's mean loss into its own
// shared buffer, and this thread sums them — weighted by shard size, in worker order — and takes one SGD step.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { CnnShard, CnnWorkerReply, CnnWorkerSetup } from './cnnWorkerProtocol';
import { modelVariables, type Model, type TrainingStepOptions } from './trainingStepBench';

/** Where one step's time went, in ms: this thread's parts, and each worker's own (reading weights, gradients, writing). */
export interface CnnStepTimes {
  writeWeightsMs: number;
  shardsMs: number;
  combineMs: number;
  /** Per worker: its own phases, and the messages' latency each way (post → worker has it, reply → this thread has it). */
  workers: { readMs: number; gradientMs: number; writeMs: number; toWorkerMs: number; fromWorkerMs: number }[];
}

export interface CnnWorkers {
  readonly count: number;
  /** One SGD step on `images` [batch, side, side, 3] and one-hot `labels` [batch, classes] across the workers. */
  step(images: Float32Array, labels: Float32Array, batch: number): Promise<CnnStepTimes>;
  close(): Promise<void>;
}

type Done = Extract<CnnWorkerReply, { type: 'done' }> & { postedAt: number; arrivedAt: number };
const now = () => performance.timeOrigin + performance.now();

export async function startCnnWorkers(options: TrainingStepOptions, model: Model, optimizer: tf.Optimizer, count: number): Promise<CnnWorkers> {
  const variables = modelVariables(model);
  const length = variables.reduce((sum, v) => sum + v.size, 0);
  const weightsBuffer = new SharedArrayBuffer(length * 4);
  const weights = new Float32Array(weightsBuffer);
  const script = new URL('./cnnWorker.js', import.meta.url);
  const workers: { thread: Worker; gradients: Float32Array; pending: { resolve: (done: Done) => void; reject: (error: Error) => void; postedAt: number } | null }[] = [];
  const ready: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const gradients = new SharedArrayBuffer(length * 4);
    const setup: CnnWorkerSetup = { options: { layers: options.layers, classes: options.classes, inputSize: options.inputSize }, weights: weightsBuffer, gradients };
    const worker = { thread: new Worker(script, { workerData: setup }), gradients: new Float32Array(gradients), pending: null as (typeof workers)[number]['pending'] };
    workers.push(worker);
    ready.push(
      new Promise((resolve, reject) => {
        const fail = (error: Error) => {
          reject(error);
          worker.pending?.reject(error);
          worker.pending = null;
        };
        worker.thread.on('message', (message: CnnWorkerReply) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'error') fail(new Error(`CNN worker ${index}: ${message.message}`));
          else {
            const arrivedAt = now();
            const pending = worker.pending;
            worker.pending = null;
            pending?.resolve({ ...message, postedAt: pending.postedAt, arrivedAt });
          }
        });
        worker.thread.on('error', (error) => fail(new Error(`CNN worker ${index} failed: ${error.message}`)));
        worker.thread.on('exit', (code) => fail(new Error(`CNN worker ${index} exited (code ${code})`)));
      }),
    );
  }
  const close = async () => {
    await Promise.all(workers.map((worker) => worker.thread.terminate()));
  };
  try {
    await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }

  const run = (index: number, shard: CnnShard) =>
    new Promise<Done>((resolve, reject) => {
      workers[index].pending = { resolve, reject, postedAt: now() };
      workers[index].thread.postMessage(shard, [shard.images.buffer as ArrayBuffer, shard.labels.buffer as ArrayBuffer]);
    });

  return {
    count,
    async step(images, labels, batch) {
      const started = performance.now();
      let offset = 0;
      for (const variable of variables) {
        weights.set(variable.dataSync() as Float32Array, offset);
        offset += variable.size;
      }
      const written = performance.now();
      const perImage = images.length / batch;
      const sizes = Array.from({ length: count }, (_, i) => Math.floor(batch / count) + (i < batch % count ? 1 : 0));
      let first = 0;
      const done = await Promise.all(
        sizes.map((size, index) => {
          const shard = { images: images.slice(first * perImage, (first + size) * perImage), labels: labels.slice(first * options.classes, (first + size) * options.classes), size };
          first += size;
          return run(index, shard);
        }),
      );
      const computed = performance.now();
      // Each worker's gradient is of its shard's mean loss: weighted by its share, they sum to the batch's.
      const gradients: tf.NamedTensorMap = {};
      offset = 0;
      for (const variable of variables) {
        const sum = new Float32Array(variable.size);
        workers.forEach((worker, index) => {
          const share = sizes[index] / batch;
          for (let i = 0; i < variable.size; i++) sum[i] += share * worker.gradients[offset + i];
        });
        gradients[variable.name] = tf.tensor(sum, variable.shape, 'float32');
        offset += variable.size;
      }
      optimizer.applyGradients(gradients);
      tf.dispose(Object.values(gradients));
      return {
        writeWeightsMs: written - started,
        shardsMs: computed - written,
        combineMs: performance.now() - computed,
        workers: done.map((d) => ({ readMs: d.readMs, gradientMs: d.gradientMs, writeMs: d.writeMs, toWorkerMs: d.receivedAt - d.postedAt, fromWorkerMs: d.arrivedAt - d.repliedAt })),
      };
    },
    close,
  };
}
