// Small timing helpers shared by the benchmarks.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `once` `warmup` times untimed, then `runs` times timed; returns the wall times in ms. */
export async function timeRuns(once: () => Promise<void>, warmup: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return times;
}

/** GFLOP/s from a FLOP count and milliseconds. */
export function gflops(flops: number, ms: number): number {
  return flops / ms / 1e6;
}
