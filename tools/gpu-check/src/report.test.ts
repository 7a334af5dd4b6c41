import { describe, expect, it } from 'vitest';
import { goals } from './report';
import type { Throughput } from './throughput';

const run = (net: string, kernels: string, medianMs: number): Throughput => ({
  net,
  kernels,
  batch: 32,
  inputSize: 224,
  firstStepMs: 0,
  step: { medianMs, p10Ms: medianMs, p90Ms: medianMs, runs: 10 },
  imagesPerSecond: 32000 / medianMs,
  tensorsLeakedPerStep: 0,
  finalLoss: 0,
});

describe('goals', () => {
  it('rates the interpretable step against PyTorch and against the ordinary step, ignoring stock-kernel runs', () => {
    const torch = { ran: true as const, result: { device: 'H200', torch: '2.11', tf32: false, step: { medianMs: 54, p10Ms: 54, p90Ms: 54, runs: 20 }, imagesPerSecond: 592 } };
    const measured = [run('ordinary', 'stock', 2449), run('ordinary', 'splitK/1024 + dx conv', 200), run('interpretable (paper)', 'splitK/1024 + dx conv', 220)];
    const [match, share, overhead] = goals(measured, torch, [{ net: 'ordinary', checks: [], pass: true }]);
    expect(match.met).toBe(true);
    expect(share.value).toBeCloseTo(32000 / 220 / 592, 12); // 0.2457: just short of 25%
    expect(share.met).toBe(false);
    expect(overhead.value).toBeCloseTo(1.1, 12);
    expect(overhead.met).toBe(true);
  });

  it('leaves goals open when a part did not run', () => {
    const [match, share, overhead] = goals(undefined, { ran: false, reason: 'no torch' }, undefined);
    expect([match.met, share.met, overhead.met]).toEqual([null, null, null]);
  });
});
