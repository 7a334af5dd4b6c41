// Loads checked weights into variables: reads the manifest through its handler (checking it first where the handler
// allows), checks it again with the data's byte count, then makes one tensor at a time and assigns it.
import * as tf from '@tensorflow/tfjs-core';
import { isCheckingHandler, loadHandlerFor, type WeightsLocation } from './handlers';
import { checkManifest, neededWeights, type ManifestCheckOptions } from './manifest';

export interface AssignResult {
  /** Model names that were assigned. */
  assigned: string[];
  /** The loaded artifacts' topology (the checkpoint's metadata, or the Keras model config). */
  modelTopology: unknown;
}

function joined(data: tf.io.WeightData | undefined): ArrayBuffer | undefined {
  if (data === undefined) return undefined;
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

/** What a weight is loaded into: a variable, or anything with its shape, dtype and `assign`. */
export type WeightTarget = Pick<tf.Variable, 'shape' | 'dtype' | 'assign'>;

export async function assignWeights(
  op: string,
  variables: Readonly<Record<string, WeightTarget>>,
  location: WeightsLocation,
  options: ManifestCheckOptions = {},
): Promise<AssignResult> {
  const handler = loadHandlerFor(op, location);
  const needed = neededWeights(variables);
  const source = typeof location === 'string' ? location : op;
  if (isCheckingHandler(handler)) handler.expectWeights((specs, file) => void checkManifest(specs, needed, file, options));
  const artifacts = await handler.load!();
  const specs = artifacts.weightSpecs ?? [];
  const plan = checkManifest(specs, needed, source, options);
  const data = joined(artifacts.weightData);
  const total = plan.reduce((n, p) => n + p.bytes, 0);
  if (data === undefined || data.byteLength !== total) {
    throw new Error(`${source}: the manifest describes ${total} bytes of weights but the data holds ${data?.byteLength ?? 0}`);
  }
  const assigned: string[] = [];
  let offset = 0;
  specs.forEach((spec, i) => {
    const { target, bytes } = plan[i];
    if (target !== null) {
      const slice = data.slice(offset, offset + bytes);
      const values = spec.dtype === 'int32' ? new Int32Array(slice) : spec.dtype === 'bool' ? new Uint8Array(slice) : new Float32Array(slice);
      const tensor = tf.tensor(values, spec.shape, spec.dtype as tf.DataType);
      variables[target].assign(tensor);
      tensor.dispose();
      assigned.push(target);
    }
    offset += bytes;
  });
  return { assigned, modelTopology: artifacts.modelTopology };
}
