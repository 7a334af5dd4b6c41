// Keras layer names (as tensorflowjs_converter writes them for keras.applications models) → our variable names.
// 'name:0' suffixes of older converters are ignored. A map returns null for weights that are not ours.
export type KerasNameMap = (kerasName: string) => string | null;

const stripSuffix = (name: string) => name.replace(/:\d+$/, '');

/** keras.applications.VGG16: block{b}_conv{i}/kernel|bias → conv{b}_{i}/kernel|bias (kernels HWIO, as ours). */
export const vgg16KerasNames: KerasNameMap = (kerasName) => {
  const match = /^(?:.*\/)?block(\d)_conv(\d)\/(kernel|bias)$/.exec(stripSuffix(kerasName));
  return match === null ? null : `conv${match[1]}_${match[2]}/${match[3]}`;
};

/** Name maps by backbone name. */
export const KERAS_NAME_MAPS: Readonly<Record<string, KerasNameMap>> = { vgg16: vgg16KerasNames };
