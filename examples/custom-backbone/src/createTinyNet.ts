// TinyNet written by hand against the v1 contract: its own variables, its own forward pass with tfjs ops, and
// featureInfo derived from the layer list that describes it. Nothing here uses defineLayerBackbone; the contract
// package is needed only for its types, option checks, geometry helper and variable naming.
import * as tf from '@tensorflow/tfjs-core';
import {
  featureInfoFromLayers,
  nextInstance,
  resolveOptions,
  seedFor,
  SPECIFICATION_VERSION,
  type Backbone,
  type BackboneOptions,
  type ForwardOptions,
} from '@icnn/backbone';
import { tinyNetLayers } from './tinyNetLayers';

export const TINYNET_NAME = 'tinynet';
/** Default side of the square input. */
export const TINYNET_INPUT_SIZE = 64;

const CONVS = ['conv1', 'conv2', 'conv3'] as const;

/** Creates TinyNet: He-initialised 3×3 kernels (seeded per variable), zero biases. */
export function createTinyNet(options?: BackboneOptions): Backbone {
  const name = TINYNET_NAME;
  // Checks width, inputSize and seed, naming the backbone and the bad option.
  const { width, inputSize, seed } = resolveOptions(name, options, TINYNET_INPUT_SIZE);
  const layers = tinyNetLayers(width);
  const featureInfo = featureInfoFromLayers(layers, { inputSize });
  const tapNames = featureInfo.map((f) => f.name);

  // tfjs variable names are global: prefix them with a program-wide instance number.
  const prefix = `${name}_${nextInstance()}`;
  const variables: Record<string, tf.Variable> = {};
  let inChannels = 3;
  for (const layer of layers) {
    if (layer.kind !== 'conv') continue;
    const fanIn = layer.kernel * layer.kernel * inChannels;
    const shape = [layer.kernel, layer.kernel, inChannels, layer.filters];
    variables[`${layer.name}/kernel`] = tf.tidy(() =>
      tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seedFor(`${seed}/${layer.name}`)), true, `${prefix}/${layer.name}/kernel`),
    );
    variables[`${layer.name}/bias`] = tf.tidy(() => tf.variable(tf.zeros([layer.filters]), true, `${prefix}/${layer.name}/bias`));
    inChannels = layer.filters;
  }
  const trainable = Object.values(variables);
  let disposed = false;

  const forwardFeatures = (x: tf.Tensor4D, forwardOptions: ForwardOptions = {}): Record<string, tf.Tensor4D> => {
    if (disposed) throw new Error(`${name}.forwardFeatures: the backbone was disposed`);
    if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.shape[3] !== 3) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x;
      throw new RangeError(`${name}.forwardFeatures: 'x' must be a Tensor4D [B, h, w, 3] (NHWC), got ${got}`);
    }
    if (x.shape[1] < 4 || x.shape[2] < 4) throw new RangeError(`${name}.forwardFeatures: 'x' of shape [${x.shape}] is smaller than 4×4 pixels`);
    const wanted = forwardOptions.taps ?? tapNames;
    for (const tap of wanted) {
      if (!tapNames.includes(tap)) throw new RangeError(`${name}.forwardFeatures: unknown tap '${tap}' in 'taps'; TinyNet has [${tapNames.join(', ')}]`);
    }
    const last = Math.max(...wanted.map((tap) => tapNames.indexOf(tap)));
    // No batch normalisation: `forwardOptions.training` changes nothing.
    return tf.tidy(() => {
      const out: Record<string, tf.Tensor4D> = {};
      let y: tf.Tensor4D = x;
      CONVS.slice(0, last + 1).forEach((conv, i) => {
        if (i > 0) y = tf.maxPool(y, 2, 2, 'valid');
        y = tf.relu(tf.add(tf.conv2d(y, variables[`${conv}/kernel`] as tf.Tensor4D, 1, 1), variables[`${conv}/bias`])) as tf.Tensor4D;
        if (wanted.includes(conv)) out[conv] = y;
      });
      return out;
    });
  };

  return {
    specificationVersion: SPECIFICATION_VERSION,
    name,
    inputShape: [inputSize, inputSize, 3],
    featureInfo,
    layers,
    variables,
    trainableVariables: () => [...trainable],
    countParams: () => trainable.reduce((n, v) => n + v.size, 0),
    forwardFeatures,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of trainable) v.dispose();
    },
  };
}
