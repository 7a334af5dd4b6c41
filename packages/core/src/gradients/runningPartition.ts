// The paper gradient's running estimate of log Z_T per filter and template (SPEC §3.2):
//   log Z_T ← logaddexp(log m + log Z_T, log(1 − m) + logsumexp_batch tr(x·T))
import * as tf from '@tensorflow/tfjs-core';

export interface RunningPartition {
  /** Weight of the old estimate, m (default 0.9). */
  readonly momentum: number;
  /** log Z_T [C, K], or null before the first batch. Owned by this object. */
  logZ: tf.Tensor2D | null;
  dispose(): void;
}

export function createRunningPartition(momentum = 0.9): RunningPartition {
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`createRunningPartition: 'momentum' must be in [0, 1), got ${momentum}`);
  return {
    momentum,
    logZ: null,
    dispose() {
      this.logZ?.dispose();
      this.logZ = null;
    },
  };
}

/** Folds this batch's log Z_T ([C, K], a logsumexp over the batch) into the estimate; returns the new estimate. */
export function updateRunningPartition(state: RunningPartition, batchLogZ: tf.Tensor2D): tf.Tensor2D {
  const previous = state.logZ;
  const next =
    previous == null || previous.shape[0] !== batchLogZ.shape[0] || previous.shape[1] !== batchLogZ.shape[1]
      ? tf.clone(batchLogZ)
      : (tf.tidy(() =>
          tf.logSumExp(
            tf.stack([tf.add(previous, Math.log(state.momentum)), tf.add(batchLogZ, Math.log(1 - state.momentum))]),
            0,
          ),
        ) as tf.Tensor2D);
  state.logZ = tf.keep(next);
  previous?.dispose();
  return next;
}
