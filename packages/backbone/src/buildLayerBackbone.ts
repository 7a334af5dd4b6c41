// A backbone made from a layer list: the variables, featureInfo (derived from the list) and forwardFeatures.
// Plugins describe their architecture as a list and register `defineLayerBackbone(...)`.
import * as tf from '@tensorflow/tfjs-core';
import { SPECIFICATION_VERSION, type Backbone, type BackboneDefinition, type BackboneOptions, type ForwardOptions, type KerasNameMap } from './contract';
import { featureInfoFromLayers, deriveGeometry } from './geometry';
import type { LayerSpec } from './layers';
import { resolveOptions, scaleWidth } from './options';
import { createParameters } from './parameters';
import { runLayer } from './runLayers';

export interface LayerBackboneConfig {
  /** Registry name. */
  name: string;
  /** Package and version providing it, for registry errors. */
  provider?: string;
  description?: string;
  /** Default side of the square input (224; 227 for AlexNet). */
  inputSize: number;
  /** The architecture at width 1. Taps must sit on top-level layers; the last tap is the top conv layer. */
  layers: readonly LayerSpec[];
  /** Keras weight names → variable names, when a keras.applications model maps onto it (the backbone's `kerasNames`). */
  kerasNames?: KerasNameMap;
}

/** A registrable definition whose `create` builds `config.layers` with the given options. */
export function defineLayerBackbone(config: LayerBackboneConfig): BackboneDefinition {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    name: config.name,
    ...(config.provider !== undefined ? { provider: config.provider } : {}),
    ...(config.description !== undefined ? { description: config.description } : {}),
    create: (options?: BackboneOptions) => buildLayerBackbone(config, options),
  };
}

/** Builds the backbone described by `config` (variables allocated and He-initialised with `options.seed`). */
export function buildLayerBackbone(config: LayerBackboneConfig, options?: BackboneOptions): Backbone {
  const { name } = config;
  const { width, inputSize, seed } = resolveOptions(name, options, config.inputSize);
  const layers = scaleWidth(config.layers, width);
  const featureInfo = featureInfoFromLayers(layers, { inputSize });
  if (featureInfo.length === 0) throw new Error(`createBackbone('${name}'): its layer list marks no tap layer`);
  const tapNames = featureInfo.map((f) => f.name);
  if (new Set(tapNames).size !== tapNames.length) throw new Error(`createBackbone('${name}'): duplicate tap names in [${tapNames}]`);
  const { variables } = createParameters(name, layers, 3, seed);
  const trainable = Object.values(variables).filter((v) => v.trainable);
  let disposed = false;

  const checkInput = (x: tf.Tensor4D) => {
    if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.shape[3] !== 3) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x;
      throw new RangeError(`${name}.forwardFeatures: 'x' must be a Tensor4D [B, h, w, 3] (NHWC), got ${got}`);
    }
    if (x.dtype !== 'float32') throw new TypeError(`${name}.forwardFeatures: 'x' must be float32, got ${x.dtype}`);
    for (const side of new Set([x.shape[1], x.shape[2]])) {
      if (side === inputSize) continue;
      try {
        deriveGeometry(layers, { inputSize: side });
      } catch (error) {
        throw new RangeError(`${name}.forwardFeatures: 'x' of shape [${x.shape}] is too small: ${(error as Error).message}`);
      }
    }
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
    ...(config.kerasNames !== undefined ? { kerasNames: config.kerasNames } : {}),
    forwardFeatures(x: tf.Tensor4D, forwardOptions: ForwardOptions = {}): Record<string, tf.Tensor4D> {
      if (disposed) throw new Error(`${name}.forwardFeatures: the backbone was disposed`);
      checkInput(x);
      const wanted = new Set(forwardOptions.taps ?? tapNames);
      for (const tap of wanted) {
        if (!tapNames.includes(tap)) {
          throw new RangeError(`${name}.forwardFeatures: unknown tap '${tap}' in 'taps'; this backbone has [${tapNames.join(', ')}]`);
        }
      }
      const ctx = { variables, training: forwardOptions.training ?? false };
      return tf.tidy(() => {
        const out: Record<string, tf.Tensor4D> = {};
        let remaining = wanted.size;
        let y = x;
        for (const layer of layers) {
          if (remaining === 0) break;
          y = runLayer(y, layer, ctx);
          if (layer.tap !== undefined && wanted.has(layer.tap)) {
            out[layer.tap] = y;
            remaining--;
          }
        }
        return out;
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of Object.values(variables)) v.dispose();
    },
  };
}
