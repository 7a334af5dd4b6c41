// The messages between the main thread and a training worker. Weights and gradients do not travel in messages: they
// sit in SharedArrayBuffers (one for the weights, one per worker for its gradients) laid out by variableLayout.
import type { FilterCategories, LossPoint, MaskLayer } from '@icnn/model';
import type { TrainerOptions } from '../config/options';
import type { StepFigures } from '@icnn/training';
import type { VariableLayout } from './variableLayout';

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

export interface ShardRequest {
  type: 'step';
  images: Float32Array;
  shape: [number, number, number, 3];
  labels: Float32Array;
  epoch: number;
  /** The filter losses' weight for this shard (the run's scale over the shard's size, as a whole batch would have). */
  filterLossWeight: number;
  dropoutSeed?: number;
  filterCategories?: Partial<Record<LossPoint, FilterCategories>>;
  layerCategories?: Partial<Record<MaskLayer, FilterCategories>>;
}

export interface ShardResult extends StepFigures {
  type: 'result';
  /** Variables that got a gradient (the rest of the worker's gradient buffer is zero). */
  withGradient: string[];
  /** Variables the step moved without a gradient (batch-norm running statistics), written to the state buffer. */
  moved: string[];
  /** Per masked layer, the spatial maximum of its input per image and filter, [b × C] (for the category EMAs). */
  maskMaxima: Partial<Record<MaskLayer, Float32Array>>;
}

export type WorkerReply = { type: 'ready' } | ShardResult | { type: 'error'; message: string; stack?: string };
