// The messages between the bench and a 4-conv CNN worker. Weights and gradients do not travel in messages: they sit
// in SharedArrayBuffers laid out as the model's variables in `modelVariables` order.
import type { TrainingStepOptions } from './trainingStepBench';

export interface CnnWorkerSetup {
  options: Pick<TrainingStepOptions, 'layers' | 'classes' | 'inputSize'>;
  weights: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
}

export interface CnnShard {
  images: Float32Array;
  labels: Float32Array;
  size: number;
}

export type CnnWorkerReply =
  | { type: 'ready' }
  /** The shard's mean loss, how long the worker took (reading the weights, the gradients, writing them), and when it
   * got the shard and replied (ms since the epoch, from performance.timeOrigin: comparable across threads). */
  | { type: 'done'; loss: number; readMs: number; gradientMs: number; writeMs: number; receivedAt: number; repliedAt: number }
  | { type: 'error'; message: string };
