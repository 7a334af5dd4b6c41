// What every plugin's Keras name map (KerasNameMap) shares: the converter's name suffix, and Keras's batch-norm
// weight names against this package's.

/** A weight name without the ':0' suffix older tensorflowjs_converter versions add. */
export function stripKerasSuffix(kerasName: string): string {
  return kerasName.replace(/:\d+$/, '');
}

/** Keras BatchNormalization weight → the batch-norm variable of a layer-list backbone ('<layer>/<this>'). */
export const KERAS_BATCH_NORM_WEIGHTS: Readonly<Record<string, string>> = {
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
};
