// Summaries of repeated timings and the error measure every comparison uses.

/** The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile: no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: 'q' must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface TimingSummary {
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  runs: number;
}

export function summarize(times: readonly number[]): TimingSummary {
  return { medianMs: median(times), p10Ms: quantile(times, 0.1), p90Ms: quantile(times, 0.9), runs: times.length };
}

/**
 * max |actual − expected| / max |expected|: the error relative to the reference's scale (for a scalar, the plain
 * relative error). An all-zero reference compares absolutely. NaN anywhere gives NaN, which fails every bound.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new RangeError(`relativeError: ${actual.length} values against ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (Number.isNaN(d)) return Number.NaN;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
