// The variables of a layer list: He-initialised convolution kernels (dense, grouped and depthwise) (seeded per variable name, so one variable's
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
  // A kernel of `shape`, He-initialised for `fanIn` inputs per output, and a zero bias of `outputs` unless `bias` is false.
  const addConv = (name: string, shape: [number, number, number, number], fanIn: number, outputs: number, bias: boolean) => {
    add(`${name}/kernel`, tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seedFor(`${seed}/${name}`)));
    if (bias) add(`${name}/bias`, tf.zeros([outputs]));
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
          addConv(layer.name, shape, fanIn, layer.filters, layer.bias !== false);
          channels = layer.filters;
          break;
        }
        case 'depthwiseConv': {
          const multiplier = layer.multiplier ?? 1;
          if (!Number.isInteger(multiplier) || multiplier < 1) {
            throw new RangeError(`createBackbone('${backbone}'): depthwise conv '${layer.name}' has multiplier ${multiplier}; expected an integer ≥ 1`);
          }
          // Each output sees one input channel: fan-in k·k.
          addConv(layer.name, [layer.kernel, layer.kernel, channels, multiplier], layer.kernel * layer.kernel, channels * multiplier, layer.bias !== false);
          channels *= multiplier;
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
        case 'concat': {
          const input = channels;
          channels = layer.branches.reduce((sum, branch) => sum + walk(branch, input), 0);
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
