// Imports a TF.js layers-format model (model.json + shards, what tensorflowjs_converter makes of a Keras model)
// into a backbone through a name map. Weights the backbone does not use (Keras' fc1, fc2, predictions) are refused
// unless `skipUnmapped` is set; shapes must match exactly (so a width-scaled backbone cannot take full weights).
import type { Backbone } from '@icnn/backbone';
import { assignWeights, type AssignResult } from './assignWeights';
import type { WeightsLocation } from './handlers';
import { KERAS_NAME_MAPS, type KerasNameMap } from './kerasNameMaps';

export interface ImportKerasOptions {
  /** Keras name → backbone variable name (null: not ours). Default: KERAS_NAME_MAPS[backbone.name]. */
  nameMap?: KerasNameMap;
  /** Read past weights the backbone does not use instead of refusing the file. Default false. */
  skipUnmapped?: boolean;
}

export function importKerasWeights(backbone: Pick<Backbone, 'name' | 'variables'>, location: WeightsLocation, options: ImportKerasOptions = {}): Promise<AssignResult> {
  const op = 'importKerasWeights';
  const nameMap = options.nameMap ?? KERAS_NAME_MAPS[backbone?.name];
  if (nameMap === undefined) {
    throw new Error(`${op}: no Keras name map for backbone '${backbone?.name}' (maps: ${Object.keys(KERAS_NAME_MAPS).join(', ')}); pass 'nameMap'`);
  }
  return assignWeights(op, backbone.variables, location, { rename: nameMap, allowUnused: options.skipUnmapped ?? false });
}
