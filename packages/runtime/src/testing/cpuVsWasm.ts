// The runtime's kernel tests compare wasm with the cpu backend (tfjs's reference loops) on the same inputs. This
// lives here rather than in @icnn/test-utils, which depends on this package.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

type Arrays = Float32Array | Record<string, Float32Array>;

/** max |a − b| / max |b|: the error relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

/**
 * Makes inputs on cpu, computes on cpu (the reference) and on wasm, and checks that the wasm run left neither
 * tensors nor backend buffers behind. Both backends must have been initialised.
 */
export async function cpuVsWasm<I, O extends Arrays>(makeInputs: () => I, compute: (inputs: I) => O): Promise<{ reference: O; wasm: O }> {
  await tf.setBackend('cpu');
  const inputs = tf.tidy(makeInputs as () => never) as I;
  const reference = compute(inputs);
  await tf.setBackend('wasm');
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.backend().numDataIds();
  const wasm = compute(inputs);
  expect(tf.memory().numTensors, 'tensors leaked on wasm').toBe(tensorsBefore);
  expect(tf.backend().numDataIds(), 'backend buffers leaked on wasm').toBe(buffersBefore);
  return { reference, wasm };
}

/** Asserts the relative error of every array of `wasm` against `reference` is at most `tolerance`. */
export function expectClose<O extends Arrays>(result: { reference: O; wasm: O }, tolerance: number): void {
  const { reference, wasm } = result;
  if (reference instanceof Float32Array) {
    expect(relativeError(wasm as Float32Array, reference)).toBeLessThanOrEqual(tolerance);
    return;
  }
  for (const [name, expected] of Object.entries(reference)) {
    expect(relativeError((wasm as Record<string, Float32Array>)[name], expected), name).toBeLessThanOrEqual(tolerance);
  }
}
