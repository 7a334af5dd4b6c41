// Imports a TF.js layers-format model (model.json + shards, what tensorflowjs_converter makes of a Keras model)
// into a backbone through a name map (the backbone's own, from its plugin, unless one is passed). Weights the backbone does not use (Keras' fc1, fc2, predictions) are refused
// unless `skipUnmapped` is set; shapes must match exactly (so a width-scaled backbone cannot take full weights).
// Conv biases of a backbone whose convs have none (Keras ResNet50 into ours) are folded into the next batch norm.
import type { Backbone, KerasImportTarget, KerasNameMap } from '@icnn/backbone';
import { assignWeights, type AssignResult, type WeightTarget } from './assignWeights';
import { applyBiasFolds, biasCollector, foldableBiases } from './foldConvBiases';
import type { WeightsLocation } from './handlers';

export interface ImportKerasOptions {
  /** Keras name → backbone variable name (null: not ours). Default: the backbone's own, `backbone.kerasNames` (its plugin's). */
  nameMap?: KerasNameMap;
  /** Read past weights the backbone does not use instead of refusing the file. Default false. */
  skipUnmapped?: boolean;
}

/** Checks the backbone and the map synchronously (throwing), then loads. */
export function importKerasWeights(backbone: KerasImportTarget, location: WeightsLocation, options: ImportKerasOptions = {}): Promise<AssignResult> {
  const op = 'importKerasWeights';
  const nameMap = options.nameMap ?? backbone?.kerasNames;
  if (nameMap === undefined) {
    throw new Error(`${op}: backbone '${backbone?.name}' has no Keras name map (its plugin sets 'kerasNames' where a keras.applications model maps onto it); pass 'nameMap'`);
  }
  nameMap.checkBackbone?.(backbone);
  if (nameMap.foldConvBiases && backbone.layers === undefined) throw new Error(`${op}: folding conv biases needs the backbone's 'layers'`);
  const folds = nameMap.foldConvBiases ? foldableBiases(backbone.layers ?? [], backbone.variables) : [];
  const collected = Object.fromEntries(folds.map((f) => [f.bias, biasCollector(f.filters)]));
  const targets: Record<string, WeightTarget> = { ...backbone.variables, ...collected };
  return assignWeights(op, targets, location, { rename: nameMap, allowUnused: options.skipUnmapped ?? false }).then(
    (result) => {
      applyBiasFolds(folds, collected, backbone.variables as Backbone['variables']);
      return { ...result, assigned: result.assigned.filter((name) => collected[name] === undefined) };
    },
    (error: unknown) => {
      for (const collector of Object.values(collected)) collector.dispose();
      throw error;
    },
  );
}
