// keras.applications.MobileNet's weight names onto mobilenet-v1's variables: the layers have Keras's names, so only
// the weight part changes (depthwise_kernel → kernel, batch-norm names); the classifier (conv_preds) is not ours.
import { KERAS_BATCH_NORM_WEIGHTS, stripKerasSuffix, type KerasNameMap } from '@icnn/backbone';

/** conv1/kernel, conv_dw_{i}/depthwise_kernel, conv_pw_{i}/kernel and their '_bn' batch norms. */
export const mobilenetKerasNames: KerasNameMap = (kerasName) => {
  const match = /^(?:.*\/)?(conv1|conv_dw_\d+|conv_pw_\d+)(_bn)?\/(kernel|depthwise_kernel|gamma|beta|moving_mean|moving_variance)$/.exec(
    stripKerasSuffix(kerasName),
  );
  if (match === null) return null;
  const [, layer, bn, weight] = match;
  if (bn !== undefined) return weight in KERAS_BATCH_NORM_WEIGHTS ? `${layer}_bn/${KERAS_BATCH_NORM_WEIGHTS[weight]}` : null;
  const expected = layer.startsWith('conv_dw_') ? 'depthwise_kernel' : 'kernel';
  return weight === expected ? `${layer}/kernel` : null;
};
