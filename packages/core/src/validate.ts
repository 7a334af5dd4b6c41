// Input checks shared by the ops: each names the op and the argument, and says what was expected and what came.
import * as tf from '@tensorflow/tfjs-core';
import type { Templates } from '@icnn/templates';
import { NonFiniteError } from './nonFiniteError';

export function assertFeatureMaps(op: string, name: string, x: unknown): asserts x is tf.Tensor4D {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${op}: '${name}' must be a Tensor4D [B, n, n, C], got ${typeof x}`);
  if (x.rank !== 4) {
    throw new RangeError(`${op}: '${name}' must be rank 4 [B, n, n, C] (NHWC), got rank ${x.rank} with shape [${x.shape}]`);
  }
  if (x.shape[1] !== x.shape[2]) {
    throw new RangeError(`${op}: '${name}' must hold square n×n maps, got shape [${x.shape}] (${x.shape[1]}×${x.shape[2]})`);
  }
  if (x.dtype !== 'float32') throw new TypeError(`${op}: '${name}' must be float32, got ${x.dtype}`);
  if (x.size === 0) throw new RangeError(`${op}: '${name}' is empty (shape [${x.shape}])`);
}

export function assertTemplatesFit(op: string, x: tf.Tensor4D, templates: Templates): void {
  if (templates == null || !(templates.positive instanceof tf.Tensor) || !(templates.prior instanceof tf.Tensor)) {
    throw new TypeError(`${op}: 'templates' must come from createTemplates({ n })`);
  }
  if (templates.n !== x.shape[1]) {
    throw new RangeError(
      `${op}: 'templates' are for ${templates.n}×${templates.n} maps but 'x' has ${x.shape[1]}×${x.shape[2]} maps ` +
        `(shape [${x.shape}]); create them with createTemplates({ n: ${x.shape[1]} })`,
    );
  }
}

/**
 * Whether the active backend can read data synchronously. On GPU backends a synchronous read stalls the pipeline
 * or, for WebGPU in Node, fails (it needs OffscreenCanvas): checks that must read skip themselves there.
 */
export function readsSynchronously(): boolean {
  const name = tf.getBackend();
  return name === 'cpu' || name === 'wasm' || name === 'tensorflow';
}

/**
 * Rejects NaN and ±Infinity in `t`, naming the argument and the first bad index. Runs on backends that read
 * synchronously unless `check` forces it on or off; forced on a backend that refuses synchronous reads, it says so.
 */
export function assertFinite(op: string, name: string, t: tf.Tensor, check?: boolean): void {
  if (!(check ?? readsSynchronously())) return;
  const read = <T>(tensor: tf.Tensor): T => {
    try {
      return tensor.dataSync() as T;
    } catch (error) {
      throw new Error(
        `${op}: checkFinite needs a synchronous read of '${name}', which the '${tf.getBackend()}' backend refused ` +
          `(${(error as Error).message}); leave checkFinite unset on GPU backends`,
        { cause: error },
      );
    }
  };
  const anyBad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))));
  let bad: ArrayLike<number>;
  try {
    bad = read(anyBad);
  } finally {
    anyBad.dispose();
  }
  if (!bad[0]) return;
  const values = read<ArrayLike<number>>(t);
  const index = Array.prototype.findIndex.call(values, (v: number) => !Number.isFinite(v));
  throw new NonFiniteError(op, name, values[index], index, t.shape);
}

export function assertOneOf<T extends string>(op: string, name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${op}: '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
}

export function assertPositiveInteger(op: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${op}: '${name}' must be a positive integer (1-based), got ${String(value)}`);
  }
}
