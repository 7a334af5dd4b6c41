// The messages between the main thread and a training worker. Weights and gradients do not travel in messages: they
// sit in SharedArrayBuffers (one for the weights, one per worker for its gradients) laid out by variableLayout.
// The shard messages themselves (ShardRequest, ShardResult) are @icnn/training's, shared with the docs' Web Workers.
import type { ShardResult, VariableLayout } from '@icnn/training';
import type { TrainerOptions } from '../config/options';

export interface WorkerSetup {
  index: number;
  options: TrainerOptions;
  classes: number;
  /** The main thread's layout; the worker checks that its own net has the same. */
  layout: VariableLayout;
  weights: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  /** The worker's values of the variables its forward pass moves (batch-norm running statistics) after a step. */
  state: SharedArrayBuffer;
}

export type WorkerReply = { type: 'ready' } | ShardResult | { type: 'error'; message: string; stack?: string };
