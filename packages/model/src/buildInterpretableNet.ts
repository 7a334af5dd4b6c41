// The interpretable network of SPEC §4: backbone up to a tap (its top conv, after ReLU) → mask + filter loss → new
// 3×3 conv (M = C, pad 1) → ReLU → mask + filter loss → pool → head (k×k conv → hidden → ReLU → dropout → 1×1 hidden →
// ReLU → dropout → 1×1 → L). `interpretable: false` builds the ordinary baseline: the same layers and parameters,
// no masks, no filter losses. With a ResNet the layers follow the chosen stage's output (`tap`); the stages after it
// are not run, and the residual connections inside the backbone never pass through a masked layer.
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, nextInstance, type Backbone } from '@icnn/backbone';
import { betaGradient, createRunningPartition, filterLoss, partMask, type MaskOptions, type RunningPartition } from '@icnn/core';
import { createTemplates, disposeTemplates, type Templates } from '@icnn/templates';
import { variablesUpTo } from './backboneSubset';
import { classificationLoss } from './classificationLoss';
import { createBetaVariable, createNewLayerVariables, NEW_CONV } from './newLayers';
import { resolveNetOptions, type InterpretableNetOptions, type LossPoint, type MaskLayer } from './options';
import { pooledSize as pooledSide, postPoolFor } from './postPool';
import { runHead, runNewConv, runPool } from './forwardLayers';
import type { InterpretableNet, NetForwardOptions, NetForwardResult } from './types';

const OP = 'buildInterpretableNet';

function resolveBackbone(options: InterpretableNetOptions): { backbone: Backbone; owned: boolean } {
  const { backbone } = options;
  if (typeof backbone === 'string') return { backbone: createBackbone(backbone, options.backboneOptions), owned: true };
  if (backbone == null || typeof backbone !== 'object' || typeof backbone.forwardFeatures !== 'function') {
    throw new TypeError(`${OP}: 'backbone' must be a created Backbone or a registered name, got ${String(backbone)}`);
  }
  if (options.backboneOptions !== undefined) {
    throw new TypeError(`${OP}: 'backboneOptions' apply only to a backbone given by name; '${backbone.name}' is already created`);
  }
  return { backbone, owned: false };
}

export function buildInterpretableNet(options: InterpretableNetOptions): InterpretableNet {
  const resolved = resolveNetOptions(options);
  const { backbone, owned } = resolveBackbone(options);
  const cleanups: (() => void)[] = owned ? [() => backbone.dispose()] : [];
  const cleanup = () => cleanups.splice(0).reverse().forEach((f) => f());
  try {
    return assemble(options, resolved, backbone, cleanups, cleanup);
  } catch (error) {
    cleanup();
    throw error;
  }
}

function assemble(
  options: InterpretableNetOptions,
  resolved: ReturnType<typeof resolveNetOptions>,
  backbone: Backbone,
  cleanups: (() => void)[],
  cleanup: () => void,
): InterpretableNet {
  const { interpretable, variant, gradient, lossPoints, classes, filterLosses: withLosses, maskPlacement } = resolved;
  const last = backbone.featureInfo[backbone.featureInfo.length - 1];
  const tapName = options.tap ?? last.name;
  const tap = backbone.featureInfo.find((f) => f.name === tapName);
  if (tap === undefined) {
    throw new RangeError(`${OP}: 'tap' '${tapName}' is not a tap of '${backbone.name}' ([${backbone.featureInfo.map((f) => f.name).join(', ')}])`);
  }
  const [h, w] = tap.spatialSize;
  if (h !== w) throw new RangeError(`${OP}: the '${tapName}' map of '${backbone.name}' is ${h}×${w}; the part templates need a square map`);
  const n = h;
  const pool = postPoolFor(backbone.name, n, options.pool);
  const pooled = pooledSide(n, pool);
  const channels = tap.channels;

  const prefix = `icnn_net_${nextInstance()}`;
  const own: Record<string, tf.Variable> = createNewLayerVariables({ channels, pooled, hidden: resolved.hidden, classes }, resolved.seed, prefix, resolved.newLayerStd);
  cleanups.push(() => Object.values(own).forEach((v) => v.dispose()));
  const betas: Partial<Record<MaskLayer, tf.Variable>> = {};
  if (interpretable && variant === 'authors') {
    for (const layer of ['top', NEW_CONV] as const) {
      betas[layer] = createBetaVariable(layer, channels, resolved.initialBeta, prefix);
      own[`mask_${layer}/beta`] = betas[layer]!;
    }
  }
  const templates: Partial<Record<LossPoint, Templates>> = {};
  const partitions: Partial<Record<LossPoint, RunningPartition>> = {};
  if (withLosses) {
    for (const point of lossPoints) {
      templates[point] = createTemplates({ n: point === 'afterPool' ? pooled : n });
      if (gradient === 'paper') partitions[point] = createRunningPartition(resolved.partitionMomentum);
    }
    cleanups.push(() => {
      Object.values(templates).forEach((t) => disposeTemplates(t));
      Object.values(partitions).forEach((p) => p.dispose());
    });
  }

  const backboneVariables = tapName === last.name ? { ...backbone.variables } : variablesUpTo(backbone, tapName);
  const variables: Record<string, tf.Variable> = {};
  for (const [name, v] of Object.entries(backboneVariables)) variables[`backbone/${name}`] = v;
  Object.assign(variables, own);
  const trainable = Object.values(variables).filter((v) => v.trainable);
  const inputShape = backbone.inputShape;

  const maskOptions = (layer: MaskLayer): MaskOptions =>
    variant === 'paper'
      ? { variant: 'paper', maskScale: resolved.maskScale, placement: maskPlacement }
      : { variant: 'authors', beta: betas[layer] as tf.Tensor1D, placement: maskPlacement };
  const betaFor = (point: LossPoint) => (variant === 'authors' ? (betas[point === 'top' ? 'top' : NEW_CONV] as tf.Tensor1D) : undefined);

  let disposed = false;
  const checkUsable = (method: string) => {
    if (disposed) throw new Error(`InterpretableNet.${method}: the net was disposed`);
  };

  const forward = (x: tf.Tensor4D, forwardOptions: NetForwardOptions = {}): NetForwardResult => {
    const op = 'InterpretableNet.forward';
    checkUsable('forward');
    if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.shape[1] !== inputShape[0] || x.shape[2] !== inputShape[1] || x.shape[3] !== 3) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x;
      throw new RangeError(`${op}: 'x' must be a Tensor4D [B, ${inputShape.join(', ')}] (the backbone's input), got ${got}`);
    }
    const training = forwardOptions.training ?? false;
    const { labels, epoch = 1, filterCategories = {} } = forwardOptions;
    const lossGradient = training ? gradient : 'exact';
    if (withLosses && lossGradient !== 'exact' && labels === undefined) {
      throw new TypeError(`${op}: 'labels' are required in training: the filter losses use the '${gradient}' gradient`);
    }
    return tf.tidy(() => {
      const topFeatures = backbone.forwardFeatures(x, { taps: [tapName], training })[tapName];
      const filterLosses: Partial<Record<LossPoint, tf.Scalar>> = {};
      const maskInputs: Partial<Record<MaskLayer, tf.Tensor4D>> = {};
      const lossAt = (point: LossPoint, maps: tf.Tensor4D) => {
        if (!withLosses || !lossPoints.includes(point)) return;
        const beta = betaFor(point);
        filterLosses[point] = filterLoss(maps, templates[point]!, {
          reduction: resolved.filterLossReduction,
          gradient: lossGradient,
          epoch,
          classifier: resolved.loss,
          ...(labels !== undefined && lossGradient !== 'exact' ? { labels } : {}),
          ...(filterCategories[point] !== undefined && lossGradient !== 'exact' ? { filterCategories: filterCategories[point] } : {}),
          ...(partitions[point] !== undefined ? { partition: partitions[point] } : {}),
          ...(beta !== undefined ? { beta } : {}),
        }) as tf.Scalar;
      };
      const mask = (layer: MaskLayer, maps: tf.Tensor4D): tf.Tensor4D => {
        if (!interpretable) return maps;
        maskInputs[layer] = maps;
        return partMask(maps, maskOptions(layer));
      };

      lossAt('top', topFeatures);
      const newConvRaw = runNewConv(mask('top', topFeatures), variables);
      const activated = tf.relu(newConvRaw);
      lossAt('newConv', activated);
      const pooledMaps = runPool(mask(NEW_CONV, activated), pool);
      lossAt('afterPool', pooledMaps);
      const logits = runHead(pooledMaps, variables, {
        dropout: training ? resolved.dropout : 0,
        ...(forwardOptions.dropoutSeed !== undefined ? { seed: forwardOptions.dropoutSeed } : {}),
      });
      const parts = Object.values(filterLosses);
      const filterLossTotal = (parts.length > 0 ? tf.addN(parts) : tf.scalar(0)) as tf.Scalar;
      return { logits, newConvRaw, topFeatures, filterLoss: filterLossTotal, filterLosses, maskInputs };
    });
  };

  return {
    backbone,
    options: resolved,
    inputShape,
    tap,
    pool,
    pooledSize: pooled,
    variables,
    forward,
    trainableVariables: () => [...trainable],
    betaVariables: () => ({ ...betas }),
    betaGradients(result, request) {
      checkUsable('betaGradients');
      const out: Partial<Record<MaskLayer, tf.Tensor1D>> = {};
      for (const [layer, beta] of Object.entries(betas) as [MaskLayer, tf.Variable][]) {
        const maps = result.maskInputs[layer];
        if (maps === undefined) throw new RangeError(`InterpretableNet.betaGradients: 'result.maskInputs.${layer}' is missing`);
        const categories = request.filterCategories?.[layer];
        out[layer] = betaGradient(maps, beta as tf.Tensor1D, { labels: request.labels, ...(categories !== undefined ? { filterCategories: categories } : {}) });
      }
      return out;
    },
    classificationLoss: (logits, labels, reduction = 'mean') => classificationLoss(logits, labels, { loss: resolved.loss, reduction }),
    countParams: () => trainable.reduce((total, v) => total + v.size, 0),
    dispose() {
      if (disposed) return;
      disposed = true;
      cleanup();
    },
  };
}
