import { BackendUnavailableError } from '@icnn/runtime';
import { DivergenceError } from '@icnn/training';
import { describe, expect, it } from 'vitest';
import { cliFailure } from './cliFailure';
import { ConfigError } from './config/options';

describe('cliFailure', () => {
  it('user errors exit 2 on one line, a divergence exits 1 with its message, only other failures show a stack', () => {
    expect(cliFailure(new ConfigError("option 'epochs' (flag --epochs) must be an integer ≥ 1, got '0x10'"))).toEqual({ code: 2, text: "icnn: option 'epochs' (flag --epochs) must be an integer ≥ 1, got '0x10'\n" });
    const backend = cliFailure(new BackendUnavailableError('webgpu', 'navigator.gpu found no GPU adapter'));
    expect(backend.code).toBe(2);
    expect(backend.text).toMatch(/^icnn: .*webgpu.*no GPU adapter[^\n]*\n$/);
    const diverged = cliFailure(new DivergenceError('runEpoch: the loss became NaN in epoch 3, batch 5 (learning rate 10); lower the learning rate or the filter-loss weight'));
    expect(diverged).toEqual({ code: 1, text: 'icnn: runEpoch: the loss became NaN in epoch 3, batch 5 (learning rate 10); lower the learning rate or the filter-loss weight\n' });
    const bug = cliFailure(new TypeError('x is undefined'));
    expect(bug.code).toBe(1);
    expect(bug.text).toMatch(/^icnn: TypeError: x is undefined\n\s+at /);
  });
});
