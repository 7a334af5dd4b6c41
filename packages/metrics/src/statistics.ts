// Float64 summaries used by every metric. NaN marks "no value" throughout the package; these helpers skip it.

/** Mean of the finite entries; NaN when there is none. */
export function meanOfFinite(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Sample standard deviation (divisor N − 1, as MATLAB's `std`), two-pass about the mean of the values shifted by the
 * first one, so that N equal values give exactly 0. NaN for fewer than 2 values.
 */
export function sampleStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const origin = values[0];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] - origin;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - origin - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1));
}

/** Index of the first smallest finite entry; −1 when there is none. */
export function argminFinite(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && (best < 0 || values[i] < values[best])) best = i;
  }
  return best;
}

/** Index of the first largest finite entry; −1 when there is none. */
export function argmaxFinite(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]) && (best < 0 || values[i] > values[best])) best = i;
  }
  return best;
}
