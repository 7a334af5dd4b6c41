import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeBackends } from './describeBackends';
import { expectNoLeaks } from './leaks';
import { finiteDifferenceGradient, relativeError, seededRandom, uniform } from './numeric';

describe('numeric helpers', () => {
  it('seededRandom repeats for a seed and differs across seeds', () => {
    const a = uniform(seededRandom(3), 5);
    expect(Array.from(uniform(seededRandom(3), 5))).toEqual(Array.from(a));
    expect(Array.from(uniform(seededRandom(4), 5))).not.toEqual(Array.from(a));
    expect(a.every((v) => v >= -1 && v < 1)).toBe(true);
  });

  it('relativeError measures against the reference scale', () => {
    expect(relativeError([1, 2.5], [1, 2])).toBeCloseTo(0.25, 12);
    expect(() => relativeError([1], [1, 2])).toThrow(/length 1 vs 2/);
  });

  it('finiteDifferenceGradient recovers an analytic gradient', () => {
    const f = (x: Float64Array) => x[0] ** 3 + Math.sin(x[1]) * x[0];
    const x = Float64Array.from([0.7, -1.3]);
    const g = finiteDifferenceGradient(f, x);
    expect(relativeError(Array.from(g), [3 * 0.49 + Math.sin(-1.3), Math.cos(-1.3) * 0.7])).toBeLessThan(1e-8);
  });
});

describeBackends('expectNoLeaks', () => {
  it('passes a clean function and catches a leaked tensor', async () => {
    const kept = await expectNoLeaks(() => tf.tidy(() => tf.add(tf.ones([2]), 1)));
    kept.dispose();
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeaks(() => {
        leaked = tf.ones([3]);
        return 1;
      }),
    ).rejects.toThrow(/tensors leaked/);
    leaked?.dispose();
  });
});
