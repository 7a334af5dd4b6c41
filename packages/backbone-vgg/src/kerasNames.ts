// keras.applications.VGG16's weight names onto vgg16's variables.
import { stripKerasSuffix, type KerasNameMap } from '@icnn/backbone';

/** block{b}_conv{i}/kernel|bias → conv{b}_{i}/kernel|bias (kernels HWIO, as ours); fc1, fc2, predictions are not ours. */
export const vgg16KerasNames: KerasNameMap = (kerasName) => {
  const match = /^(?:.*\/)?block(\d)_conv(\d)\/(kernel|bias)$/.exec(stripKerasSuffix(kerasName));
  return match === null ? null : `conv${match[1]}_${match[2]}/${match[3]}`;
};
