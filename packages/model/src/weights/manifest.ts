// Checks a weights manifest against what a model needs, before a byte of it is read into a tensor: every needed
// weight present once with its shape and dtype, nothing unknown, no quantisation, byte counts that add up. Errors
// name the weight and the file.
import type * as tf from '@tensorflow/tfjs-core';

export interface NeededWeight {
  shape: readonly number[];
  dtype: string;
}

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** Bytes of one manifest entry; throws for dtypes and encodings this loader does not read. */
export function entryBytes(entry: tf.io.WeightsManifestEntry, source: string): number {
  if (entry.quantization !== undefined) {
    throw new Error(`${source}: weight '${entry.name}' is quantized (${JSON.stringify(entry.quantization)}); convert without quantization`);
  }
  const bytes = BYTES_PER_ELEMENT[entry.dtype];
  if (bytes === undefined) throw new Error(`${source}: weight '${entry.name}' has dtype '${entry.dtype}'; only float32, int32 and bool are read`);
  if (!Array.isArray(entry.shape) || entry.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${source}: weight '${entry.name}' has an invalid shape ${JSON.stringify(entry.shape)}`);
  }
  return entry.shape.reduce((n, d) => n * d, 1) * bytes;
}

export interface ManifestCheckOptions {
  /** Maps a manifest name to the model's name (null: not ours). Default: the identity. */
  rename?: (name: string) => string | null;
  /** Allow weights the model does not need (they are read but never become tensors). Default false. */
  allowUnused?: boolean;
  /** Allow model weights the manifest lacks (they keep their values). Default false. */
  allowMissing?: boolean;
  /** Manifest names to read past on purpose (a training checkpoint's optimiser state, say): never unused. */
  skip?: (name: string) => boolean;
}

/**
 * Throws unless `specs` (in manifest order) give exactly `needed` (by model name); returns, per manifest entry, the
 * model name it fills (or null) and its byte size.
 */
export function checkManifest(
  specs: readonly tf.io.WeightsManifestEntry[],
  needed: Readonly<Record<string, NeededWeight>>,
  source: string,
  options: ManifestCheckOptions = {},
): { target: string | null; bytes: number }[] {
  if (!Array.isArray(specs)) throw new Error(`${source}: the weights manifest is missing or not a list`);
  const rename = options.rename ?? ((name: string) => name);
  const seen = new Map<string, string>();
  const unused: string[] = [];
  const plan = specs.map((entry) => {
    if (entry == null || typeof entry.name !== 'string') throw new Error(`${source}: a weights manifest entry has no name: ${JSON.stringify(entry)}`);
    const bytes = entryBytes(entry, source);
    if (options.skip?.(entry.name)) return { target: null, bytes };
    const target = rename(entry.name);
    if (target === null || needed[target] === undefined) {
      unused.push(entry.name);
      return { target: null, bytes };
    }
    const previous = seen.get(target);
    if (previous !== undefined) throw new Error(`${source}: weights '${previous}' and '${entry.name}' both fill '${target}'`);
    seen.set(target, entry.name);
    const want = needed[target];
    if (entry.shape.length !== want.shape.length || entry.shape.some((d: number, i: number) => d !== want.shape[i])) {
      throw new Error(`${source}: weight '${entry.name}' has shape [${entry.shape}] but '${target}' needs [${want.shape}]`);
    }
    if (entry.dtype !== want.dtype) throw new Error(`${source}: weight '${entry.name}' is ${entry.dtype} but '${target}' needs ${want.dtype}`);
    return { target, bytes };
  });
  if (unused.length > 0 && !options.allowUnused) {
    const shown = unused.slice(0, 8).map((n) => `'${n}'`).join(', ');
    throw new Error(`${source}: ${unused.length} weight(s) the model does not use (${shown}${unused.length > 8 ? ', …' : ''}); refusing to load more than the model needs`);
  }
  const missing = Object.keys(needed).filter((name) => !seen.has(name));
  if (missing.length > 0 && !options.allowMissing) {
    const shown = missing.slice(0, 8).map((n) => `'${n}'`).join(', ');
    throw new Error(`${source}: ${missing.length} weight(s) the model needs are not in the file (${shown}${missing.length > 8 ? ', …' : ''})`);
  }
  return plan;
}

/** What a model needs, from its variables by stable name. */
export function neededWeights(variables: Readonly<Record<string, Pick<tf.Variable, 'shape' | 'dtype'>>>): Record<string, NeededWeight> {
  const out: Record<string, NeededWeight> = {};
  for (const [name, v] of Object.entries(variables)) out[name] = { shape: v.shape, dtype: v.dtype };
  return out;
}
