import { describe, expect, it } from 'vitest';
import { checkSchedule, learningRateAt } from './schedule';

describe('learningRateAt', () => {
  it('cosine: lr at the start, (lr + final)/2 half-way, final at the end; linear warm-up first', () => {
    const s = { kind: 'cosine', lr: 0.1, epochs: 10, final: 0.001 } as const;
    expect(learningRateAt(s, 0)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(s, 5)).toBeCloseTo((0.1 + 0.001) / 2, 12);
    expect(learningRateAt(s, 10)).toBeCloseTo(0.001, 12);
    const warm = { kind: 'cosine', lr: 0.1, epochs: 10, warmupEpochs: 2 } as const;
    expect(learningRateAt(warm, 1)).toBeCloseTo(0.1 * (1 + 1e-3) / 2, 9);
    expect(learningRateAt(warm, 2)).toBeCloseTo(0.1, 12);
  });

  it("logspace (the authors'): one rate per epoch, geometric from `from` to `to` over `over` epochs, then `to`; × scale", () => {
    const s = { kind: 'logspace', from: 1e-4, to: 1e-5, over: 10, scale: 30 } as const;
    expect(learningRateAt(s, 0)).toBeCloseTo(30e-4, 15);
    expect(learningRateAt(s, 0.7)).toBeCloseTo(30e-4, 15); // constant within an epoch
    expect(learningRateAt(s, 9)).toBeCloseTo(30e-5, 15);
    expect(learningRateAt(s, 4) / learningRateAt(s, 3)).toBeCloseTo(10 ** (-1 / 9), 12);
    expect(learningRateAt(s, 25)).toBeCloseTo(30e-5, 15);
  });

  it('step and constant', () => {
    expect(learningRateAt({ kind: 'step', lr: 1, factor: 0.1, every: 3 }, 5.5)).toBeCloseTo(0.1, 12);
    expect(learningRateAt({ kind: 'constant', lr: 0.3 }, 99)).toBe(0.3);
  });

  it('checkSchedule names the bad field', () => {
    expect(() => checkSchedule({ kind: 'cosine', lr: -1, epochs: 3 })).toThrow(/schedule.lr must be a positive number, got -1/);
    expect(() => checkSchedule({ kind: 'warp' } as never)).toThrow(/schedule.kind must be one of/);
  });
});
