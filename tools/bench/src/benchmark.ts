// The shape every benchmark in this tool shares, so that bench.ts runs and prints them all the same way.
import type { MatMulProbe } from './matMulBench';

/** What bench.ts measures once and hands to every benchmark. */
export interface BenchContext {
  /** The backend's own matMul speed, the yardstick other results are compared with (measured at the start). */
  matMulGflops: number;
  /** The same matMul, to time interleaved with a benchmark's own runs so that both see the same load. */
  matMul: MatMulProbe;
  /** Timed repetitions per measurement (after warm-up). */
  runs: number;
}

export interface BenchResult {
  /** Key of this result in the `--json` object. */
  name: string;
  /** Human-readable lines for the plain-text report. */
  lines: string[];
  /** Machine-readable numbers for `--json`. */
  json: Record<string, unknown>;
}

export type Benchmark = (context: BenchContext) => Promise<BenchResult>;
