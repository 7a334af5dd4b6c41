// The messages between the live training example and its Web Workers. The shard messages (ShardRequest,
// ShardResult) and the shared-buffer layout are @icnn/training's, the same as the trainer's Node workers use.
import type { ShardResult, VariableLayout } from '@icnn/training';
import type { TrainingSettings } from './trainingSession';

export interface WorkerSetup {
  type: 'setup';
  index: number;
  settings: TrainingSettings;
  /** The page's backend ('wasm' or 'cpu'); each worker runs its own, on one thread. */
  backend: 'wasm' | 'cpu';
  wasmPaths: string;
  /** The page's layout; the worker checks that its own net has the same. */
  layout: VariableLayout;
  weights: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  state: SharedArrayBuffer;
}

export type WorkerReply = { type: 'ready' } | ShardResult | { type: 'error'; message: string };
