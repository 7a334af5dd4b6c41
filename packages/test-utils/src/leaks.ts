import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `fn` and asserts it left no tensors behind: neither engine tensors (tf.memory) nor backend buffers (which
 * catch intermediates leaked inside a kernel). Returns fn's result, which is disposed by the caller.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, keep: (result: T) => tf.Tensor[] = defaultKeep): Promise<T> {
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = tf.backend().numDataIds();
  const result = await fn();
  const kept = keep(result).length;
  expect(tf.memory().numTensors - kept, 'tensors leaked').toBe(tensorsBefore);
  expect(tf.backend().numDataIds() - kept, 'backend buffers leaked').toBe(buffersBefore);
  return result;
}

function defaultKeep(result: unknown): tf.Tensor[] {
  if (result instanceof tf.Tensor) return [result];
  if (Array.isArray(result)) return result.filter((r): r is tf.Tensor => r instanceof tf.Tensor);
  if (result != null && typeof result === 'object') {
    return Object.values(result).filter((r): r is tf.Tensor => r instanceof tf.Tensor);
  }
  return [];
}
