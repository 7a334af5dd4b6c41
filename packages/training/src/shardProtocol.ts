// What a coordinating thread and a training worker exchange for one shard of a batch, whatever carries the messages
// (Node worker_threads, Web Workers, or a plain call). Weights and gradients do not travel in messages: they sit in
// shared float32 buffers laid out by `variableLayout` (one for the weights, one per worker for its gradients, one per
// worker for the statistics its forward pass moves).
import type { FilterCategories, LossPoint, MaskLayer } from '@icnn/model';
import type { StepFigures } from './batchStep';

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
  /** Where the worker's time went, ms: reading the weights, computing the shard's gradients, writing the results. */
  timings: ShardTimings;
}

export interface ShardTimings {
  readMs: number;
  gradientMs: number;
  writeMs: number;
}

/** The float32 views a worker shares with the coordinating thread (each `layout.length` floats). */
export interface ShardBuffers {
  /** The coordinating thread's current weights (read by every worker). */
  weights: Float32Array;
  /** This worker's gradients. */
  gradients: Float32Array;
  /** This worker's values of the variables its forward pass moves, after its shard. */
  state: Float32Array;
}
