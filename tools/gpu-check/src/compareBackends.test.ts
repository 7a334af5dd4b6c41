// Part (a) of the check on the webgpu stand-in (cpu kernels, icnn's webgpu conv gradients, synchronous reads
// refused) against the cpu backend, at the dry-run size: what the GPU run does, minus the GPU.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, registerWebgpuStandIn } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareOnBackends, float32Ulp, stepError } from './compareBackends';
import { DRY_RUN_SIZE } from './netSizes';

describe('stepError', () => {
  it('forgives the float32 rounding of adding an update to a weight, and nothing more', () => {
    expect(float32Ulp(1)).toBe(2 ** -23);
    expect(float32Ulp(-3)).toBe(2 ** -22);
    const before = Float32Array.from([1, 0.5]);
    const expected = Float32Array.from([1 - 1e-4, 0.5 - 2e-4]);
    // One ulp off on the first weight: rounding, not error.
    expect(stepError(Float32Array.from([expected[0] + 2 ** -24, expected[1]]), expected, before)).toBe(0);
    // A 1% error in the second update is 1% of the largest update (2e-4), less the rounding allowance.
    const off = Float32Array.from([expected[0], expected[1] - 2e-6]);
    expect(stepError(off, expected, before)).toBeGreaterThan(0.009);
    expect(stepError(off, expected, before)).toBeLessThan(0.011);
  });
});

describe('compareOnBackends: webgpu stand-in vs cpu', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('matches the loss, every gradient and one step of ordinary and interpretable VGG-16 nets, leaking nothing', async () => {
    const candidate = registerWebgpuStandIn();
    const tensorsBefore = tf.memory().numTensors;
    const results = await compareOnBackends({
      candidate,
      reference: 'cpu',
      size: DRY_RUN_SIZE,
      nets: [{ kind: 'ordinary' }, { kind: 'interpretable', variant: 'paper' }, { kind: 'interpretable', variant: 'authors' }],
      tolerance: 1e-4,
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(results.map((r) => r.net)).toEqual(['ordinary', 'interpretable (paper)', 'interpretable (authors)']);
    for (const result of results) {
      expect(result.checks.map((c) => c.name)).toEqual(['loss: total', 'loss: classification', 'loss: filter', 'gradients', 'one momentum step (weights after)']);
      for (const check of result.checks) expect(check.relativeError, `${result.net}: ${check.name}`).toBeLessThanOrEqual(1e-4);
      expect(result.pass).toBe(true);
    }
  });
});
