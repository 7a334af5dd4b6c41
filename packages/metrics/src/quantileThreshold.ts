// The per-filter activation threshold of part interpretability (after Bau et al. 2017).

/**
 * T such that the share of `values` strictly above T is at most 1 − q and as close to it as the data allow: with
 * N values sorted ascending and a = ⌊(1 − q)·N⌋, T is the (a + 1)-th largest value, so exactly a values lie above it
 * when there are no ties (ties at T make it fewer). For q = 0.995 the top 0.5 % of cells are active; with fewer than
 * 1/(1 − q) values (200 at the default) a = 0, T is the maximum and no cell is active. NaN for no values.
 * (An order statistic rather than an interpolated quantile, so that "p(x > T) = 0.005" holds by count.)
 */
export function quantileThreshold(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  // The small epsilon keeps (1 − 0.995)·200 = 1.0000000000000009 and 0.99999… products on the intended integer.
  const above = Math.min(n - 1, Math.floor((1 - q) * n + 1e-9));
  return sorted[n - 1 - above];
}
