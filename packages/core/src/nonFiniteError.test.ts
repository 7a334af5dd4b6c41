import * as tf from '@tensorflow/tfjs-core';
import { createTemplates } from '@icnn/templates';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { isNonFiniteError, NonFiniteError } from './nonFiniteError';
import { filterLoss } from './ops/filterLoss';

// The check reads synchronously: on the CPU backends (GPU backends skip it).
describeBackends('NonFiniteError', () => {
  it('is what an op throws for NaN or ±Infinity input, told apart by class and, passed on as text, by message', async () => {
    const templates = createTemplates({ n: 4 });
    let thrown: unknown;
    try {
      filterLoss(tf.fill([2, 4, 4, 3], Number.POSITIVE_INFINITY) as tf.Tensor4D, templates);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NonFiniteError);
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as Error).message).toBe("filterLoss: 'x' contains Infinity at flat index 0 (shape [2,4,4,3])");
    expect(isNonFiniteError(thrown)).toBe(true);
    // A worker thread passes back only the message, prefixed.
    expect(isNonFiniteError(new Error(`training worker 1: ${(thrown as Error).message}`))).toBe(true);
    expect(isNonFiniteError(new Error("filterLoss: 'x' contains -Infinity at flat index 7 (shape [2])"))).toBe(true);
    expect(isNonFiniteError(new RangeError("filterLoss: 'x' must be rank 4"))).toBe(false);
    expect(isNonFiniteError('contains NaN')).toBe(false);
  });
}, ['cpu', 'wasm']);
