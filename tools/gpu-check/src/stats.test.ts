import { describe, expect, it } from 'vitest';
import { median, quantile, relativeError, summarize } from './stats';

describe('stats', () => {
  it('interpolates quantiles between order statistics', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14, 12);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 12);
    expect(summarize([3, 1, 2])).toEqual({ medianMs: 2, p10Ms: 1.2, p90Ms: 2.8, runs: 3 });
    expect(() => quantile([], 0.5)).toThrow(/no values/);
    expect(() => quantile([1], 2)).toThrow(/'q' must be in \[0, 1\], got 2/);
  });

  it('measures error against the reference scale', () => {
    expect(relativeError([1, 2.002], [1, 2])).toBeCloseTo(0.001, 12);
    expect(relativeError([0.5], [0.4])).toBeCloseTo(0.25, 12);
    expect(relativeError([0, 1e-9], [0, 0])).toBe(1e-9);
    expect(relativeError([Number.NaN], [1])).toBeNaN();
    expect(() => relativeError([1], [1, 2])).toThrow(/1 values against 2/);
  });
});
