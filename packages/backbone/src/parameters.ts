// The variables of a layer list: He-initialised convolution kernels (seeded per variable name, so one variable's
// values do not depend on the others), zero biases, batch-norm scale 1, offset 0 and running statistics 0 / 1.
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from './layers';
import { nextInstance, seedFor } from './variableNaming';

export interface ParameterSet {
  /** Stable name → variable. */
  variables: Record<string, tf.Variable>;
  /** Output channels of the list. */
  outputChannels: number;
}

/** Creates the variables of `layers` for `inputChannels` input channels. */
export function createParameters(backbone: string, layers: readonly LayerSpec[], inputChannels: number, seed: number): ParameterSet {
  const variables: Record<string, tf.Variable> = {};
  const prefix = `${backbone}_${nextInstance()}`;
  const add = (name: string, initial: tf.Tensor, trainable = true) => {
    if (variables[name] !== undefined) {
      initial.dispose();
      throw new Error(`createBackbone('${backbone}'): two layers create the variable '${name}'; layer names must be unique`);
    }
    variables[name] = tf.variable(initial, trainable, `${prefix}/${name}`);
    initial.dispose();
  };
  const walk = (list: readonly LayerSpec[], channels: number): number => {
    for (const layer of list) {
      switch (layer.kind) {
        case 'conv': {
          const groups = layer.groups ?? 1;
          if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || layer.filters % groups !== 0) {
            throw new RangeError(
              `createBackbone('${backbone}'): conv '${layer.name}' has ${groups} groups but ${channels} input and ` +
                `${layer.filters} output channels; both must be multiples of the groups`,
            );
          }
          const fanIn = layer.kernel * layer.kernel * (channels / groups);
          const shape: [number, number, number, number] = [layer.kernel, layer.kernel, channels / groups, layer.filters];
          add(`${layer.name}/kernel`, tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seedFor(`${seed}/${layer.name}`)));
          if (layer.bias !== false) add(`${layer.name}/bias`, tf.zeros([layer.filters]));
          channels = layer.filters;
          break;
        }
        case 'batchNorm':
          add(`${layer.name}/gamma`, tf.ones([channels]));
          add(`${layer.name}/beta`, tf.zeros([channels]));
          add(`${layer.name}/movingMean`, tf.zeros([channels]), false);
          add(`${layer.name}/movingVariance`, tf.ones([channels]), false);
          break;
        case 'residual': {
          const main = walk(layer.main, channels);
          walk(layer.shortcut, channels);
          channels = main;
          break;
        }
        default:
          break;
      }
    }
    return channels;
  };
  try {
    return { variables, outputChannels: walk(layers, inputChannels) };
  } catch (error) {
    for (const v of Object.values(variables)) v.dispose();
    throw error;
  }
}
