// Small timing helpers shared by the benchmarks.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `once` `warmup` times untimed, then `runs` times timed; returns the wall times in ms. */
export async function timeRuns(once: () => Promise<void>, warmup: number, runs: number): Promise<number[]> {
  return (await timeInterleaved([once], warmup, runs))[0];
}

/**
 * Runs every task once per round, round-robin, after `warmup` untimed rounds; returns each task's `runs` wall times
 * in ms. Tasks whose times are compared as a ratio see the same load this way: on a shared machine the load drifts
 * within a run, and timing one task's repetitions before the other's would put the drift into the ratio.
 */
export async function timeInterleaved(tasks: readonly (() => Promise<void>)[], warmup: number, runs: number): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const task of tasks) await task();
  const times = tasks.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (const [t, task] of tasks.entries()) {
      const start = performance.now();
      await task();
      times[t].push(performance.now() - start);
    }
  }
  return times;
}

/** The median of numerator[i] / denominator[i]: a ratio of two interleaved timings, robust to load drift. */
export function medianRatio(numerator: readonly number[], denominator: readonly number[]): number {
  if (numerator.length !== denominator.length) throw new Error(`medianRatio: ${numerator.length} vs ${denominator.length} values`);
  return median(numerator.map((v, i) => v / denominator[i]));
}

/** GFLOP/s from a FLOP count and milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / ms / 1e6;
}

/** The least-squares line y = intercept + slope·x through the points (at least two distinct x). */
export function linearFit(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new Error(`linearFit: needs ≥ 2 points with one y each, got ${xs.length} x and ${ys.length} y`);
  const meanX = xs.reduce((s, x) => s + x, 0) / xs.length;
  const meanY = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - meanX) * (ys[i] - meanY);
    sxx += (x - meanX) ** 2;
  });
  if (sxx === 0) throw new Error('linearFit: every x is the same');
  const slope = sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}
