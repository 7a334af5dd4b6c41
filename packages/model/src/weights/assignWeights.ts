// Loads checked weights into variables: reads the manifest through its handler (checking it first where the handler
// allows), checks it again with the data's byte count, lets the caller verify the data (a checkpoint's digests) and
// refuses NaN or ±Infinity in any weight it will load, all before the first assignment (so a refused file leaves the
// model as it was), then makes one tensor at a time and assigns it.
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

export interface AssignOptions extends ManifestCheckOptions {
  /** Checks the loaded artifacts and their data (say, digests) before any tensor is made; throws to refuse. */
  verify?: (artifacts: tf.io.ModelArtifacts, data: ArrayBuffer, source: string) => Promise<void>;
}

function typedValues(dtype: string, data: ArrayBuffer, offset: number, bytes: number): Float32Array | Int32Array | Uint8Array {
  const slice = data.slice(offset, offset + bytes);
  return dtype === 'int32' ? new Int32Array(slice) : dtype === 'bool' ? new Uint8Array(slice) : new Float32Array(slice);
}

/** Throws, naming the weight and `source`, at a weight's first NaN or ±Infinity. */
function checkFinite(values: ArrayLike<number>, spec: tf.io.WeightsManifestEntry, target: string, source: string): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    const into = target === spec.name ? '' : ` (for '${target}')`;
    throw new Error(
      `${source}: weight '${spec.name}'${into} holds ${values[i]} at element ${i} of ${values.length} (shape [${spec.shape}]); ` +
        `refusing to load non-finite weights (a diverged training, or damaged data)`,
    );
  }
}

export async function assignWeights(
  op: string,
  variables: Readonly<Record<string, WeightTarget>>,
  location: WeightsLocation,
  options: AssignOptions = {},
): Promise<AssignResult> {
  const handler = loadHandlerFor(op, location);
  const needed = neededWeights(variables);
  const source = typeof location === 'string' ? location : ((isCheckingHandler(handler) ? handler.source : undefined) ?? op);
  if (isCheckingHandler(handler)) handler.expectWeights((specs, file) => void checkManifest(specs, needed, file, options));
  const artifacts = await handler.load!();
  const specs = artifacts.weightSpecs ?? [];
  const plan = checkManifest(specs, needed, source, options);
  const data = joined(artifacts.weightData);
  const total = plan.reduce((n, p) => n + p.bytes, 0);
  if (data === undefined || data.byteLength !== total) {
    throw new Error(`${source}: the manifest describes ${total} bytes of weights but the data holds ${data?.byteLength ?? 0}`);
  }
  await options.verify?.(artifacts, data, source);
  let offset = 0;
  specs.forEach((spec, i) => {
    const { target, bytes } = plan[i];
    if (target !== null && spec.dtype === 'float32') checkFinite(typedValues(spec.dtype, data, offset, bytes), spec, target, source);
    offset += bytes;
  });
  const assigned: string[] = [];
  offset = 0;
  specs.forEach((spec, i) => {
    const { target, bytes } = plan[i];
    if (target !== null) {
      const values = typedValues(spec.dtype, data, offset, bytes);
      const tensor = tf.tensor(values, spec.shape, spec.dtype as tf.DataType);
      variables[target].assign(tensor);
      tensor.dispose();
      assigned.push(target);
    }
    offset += bytes;
  });
  return { assigned, modelTopology: artifacts.modelTopology };
}
