// The project's checkpoints: every variable of a net or backbone under its stable name, through a tf.io handler
// (Node: fileSystemHandler from '@icnn/model/node'; browsers: 'indexeddb://…', 'localstorage://…'), with a digest of
// each weight's bytes so that damaged data is refused on load rather than read as plausible numbers.
import * as tf from '@tensorflow/tfjs-core';
import { assignWeights, type AssignResult } from './assignWeights';
import { saveHandlerFor, type WeightsLocation } from './handlers';
import { digestWeights, verifyWeightDigests } from './weightDigests';

/** Anything with variables by stable name: an InterpretableNet or a Backbone. */
export interface HasVariables {
  readonly variables: Readonly<Record<string, tf.Variable>>;
}

export const CHECKPOINT_FORMAT = 'icnn-checkpoint';

export interface SaveCheckpointOptions {
  /** JSON-serialisable description stored as the checkpoint's topology (backbone name, options, epoch …). */
  metadata?: Record<string, unknown>;
}

export async function saveCheckpoint(model: HasVariables, location: WeightsLocation, options: SaveCheckpointOptions = {}): Promise<tf.io.SaveResult> {
  const op = 'saveCheckpoint';
  if (model == null || typeof model.variables !== 'object') throw new TypeError(`${op}: 'model' must have 'variables' (a net or a backbone)`);
  const handler = saveHandlerFor(op, location);
  const named = Object.entries(model.variables).map(([name, tensor]) => ({ name, tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const weightDigests = await digestWeights(specs, data);
  return handler.save!({
    format: CHECKPOINT_FORMAT,
    generatedBy: '@icnn/model',
    modelTopology: { format: CHECKPOINT_FORMAT, version: 1, ...(options.metadata ?? {}), ...(weightDigests ? { weightDigests } : {}) },
    weightSpecs: specs,
    weightData: data,
  });
}

export interface LoadCheckpointOptions {
  /**
   * Checkpoint weights to read past on purpose, by name: a training checkpoint's optimiser velocities when only the
   * net is wanted (eval, explain). Everything else must still match exactly.
   */
  skip?: (name: string) => boolean;
}

export interface CheckpointLoadResult extends AssignResult {
  /**
   * Whether every weight's bytes matched the digest saved with it. false: the checkpoint has no digests (written
   * before they were added) or this runtime lacks WebCrypto, and was loaded unverified; callers should say so.
   */
  verified: boolean;
}

/**
 * Loads a checkpoint into `model`'s variables. Refused, before any tensor is made (and, with the file-system
 * handler, before any weight byte is read), when its manifest lacks a variable, has one the model does not (and
 * `skip` does not name), or disagrees on a shape, a dtype or the byte count; then, before any variable changes,
 * when a weight's bytes (skipped ones too) differ from their saved digest or a loaded weight holds NaN or ±Infinity.
 */
export function loadCheckpoint(model: HasVariables, location: WeightsLocation, options: LoadCheckpointOptions = {}): Promise<CheckpointLoadResult> {
  if (model == null || typeof model.variables !== 'object') throw new TypeError(`loadCheckpoint: 'model' must have 'variables' (a net or a backbone)`);
  let verified = false;
  const verify = async (artifacts: tf.io.ModelArtifacts, data: ArrayBuffer, source: string) => {
    const topology = artifacts.modelTopology as { weightDigests?: unknown } | undefined;
    verified = await verifyWeightDigests(artifacts.weightSpecs ?? [], data, topology?.weightDigests, source);
  };
  return assignWeights('loadCheckpoint', model.variables, location, { skip: options.skip, verify }).then((result) => ({ ...result, verified }));
}
