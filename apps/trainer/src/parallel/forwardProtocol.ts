// The messages between the main thread and a forward-pass worker (the evaluation's): the worker builds the net from
// the run's options, takes its weights once at the start, and answers each batch of images with one of the net's
// outputs as plain float32 data.
import type { VariableLayout } from '@icnn/training';
import type { TrainerOptions } from '../config/options';

/** Which output of `net.forward` a request wants: the new conv layer's raw maps, or the class scores. */
export type ForwardOutput = 'newConvRaw' | 'logits';

export interface ForwardSetup {
  index: number;
  /** The main thread's backend (the worker runs the same one, single-threaded, so the numbers are the same). */
  backend: 'wasm' | 'cpu';
  options: TrainerOptions;
  classes: number;
  layout: VariableLayout;
  /** The weights, laid out by `layout`. */
  weights: Float32Array;
}

export interface ForwardRequest {
  images: Float32Array;
  shape: [number, number, number, number];
  output: ForwardOutput;
}

export type ForwardReply =
  | { type: 'ready' }
  | { type: 'output'; data: Float32Array; shape: number[] }
  | { type: 'error'; message: string };
