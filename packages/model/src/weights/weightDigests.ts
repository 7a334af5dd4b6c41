// A SHA-256 digest of each weight's bytes, stored in a checkpoint's topology: flipped bits anywhere in the weight data
// are caught on load and named by weight, instead of loading as plausible numbers. Per weight rather than per file so
// that the error can say which variable is damaged. WebCrypto's digest (Node ≥ 18, browsers in a secure context);
// where it is missing, checkpoints are written without digests and read unverified.
import type * as tf from '@tensorflow/tfjs-core';
import { entryBytes } from './manifest';

export const DIGEST_ALGORITHM = 'SHA-256';

/** What a checkpoint's topology carries under `weightDigests`. */
export interface WeightDigests {
  algorithm: typeof DIGEST_ALGORITHM;
  /** Manifest name → lowercase hex digest of its bytes. */
  digests: Record<string, string>;
}

function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

async function hex(crypto: SubtleCrypto, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.digest(DIGEST_ALGORITHM, bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Each weight's bytes in `data`, laid out in manifest order. */
function* weightBytes(specs: readonly tf.io.WeightsManifestEntry[], data: ArrayBuffer, source: string): Generator<[tf.io.WeightsManifestEntry, Uint8Array<ArrayBuffer>]> {
  let offset = 0;
  for (const spec of specs) {
    const bytes = entryBytes(spec, source);
    yield [spec, new Uint8Array(data, offset, bytes)];
    offset += bytes;
  }
}

/** The digests of `data` (laid out as `specs` say), or undefined where WebCrypto is missing. */
export async function digestWeights(specs: readonly tf.io.WeightsManifestEntry[], data: ArrayBuffer): Promise<WeightDigests | undefined> {
  const crypto = subtle();
  if (crypto === undefined) return undefined;
  const digests: Record<string, string> = {};
  for (const [spec, bytes] of weightBytes(specs, data, 'digestWeights')) digests[spec.name] = await hex(crypto, bytes);
  return { algorithm: DIGEST_ALGORITHM, digests };
}

/**
 * Throws, naming `source` and the weight, unless every weight's bytes match its stored digest. Returns false (nothing
 * checked) when there are no digests (a checkpoint written before them) or WebCrypto is missing.
 */
export async function verifyWeightDigests(specs: readonly tf.io.WeightsManifestEntry[], data: ArrayBuffer, stored: unknown, source: string): Promise<boolean> {
  if (stored === undefined) return false;
  const { algorithm, digests } = (stored ?? {}) as Partial<WeightDigests>;
  if (algorithm !== DIGEST_ALGORITHM || digests == null || typeof digests !== 'object') {
    throw new Error(`${source}: 'weightDigests' is not a ${DIGEST_ALGORITHM} digest list (${JSON.stringify(stored)?.slice(0, 80)})`);
  }
  const crypto = subtle();
  if (crypto === undefined) return false;
  const names = new Set(specs.map((s) => s.name));
  const unknown = Object.keys(digests).filter((name) => !names.has(name));
  if (unknown.length > 0) throw new Error(`${source}: digests for weights the manifest lacks ('${unknown.slice(0, 4).join("', '")}')`);
  for (const [spec, bytes] of weightBytes(specs, data, source)) {
    const want = digests[spec.name];
    if (want === undefined) throw new Error(`${source}: weight '${spec.name}' has no digest in 'weightDigests'`);
    if ((await hex(crypto, bytes)) !== want) {
      throw new Error(`${source}: weight '${spec.name}' does not match its ${DIGEST_ALGORITHM} digest: the weight data is damaged (or was changed after saving)`);
    }
  }
  return true;
}
