// Where a computation's time goes, per kernel name, from tfjs's profiler (top-level kernels: a composed kernel
// counts as one, its inner kernels are part of its time).
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

export interface KernelBreakdown {
  totalMs: number;
  kernels: KernelTime[];
}

/** Profiles `f` (which must dispose what it creates) and sums kernel times by name, slowest first. */
export async function profileKernels(f: () => void | Promise<void>): Promise<KernelBreakdown> {
  const info = await tf.profile(async () => {
    await f();
  });
  const byName = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = byName.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    byName.set(k.name, entry);
  }
  const kernels = [...byName.values()].sort((a, b) => b.ms - a.ms);
  return { totalMs: kernels.reduce((sum, k) => sum + k.ms, 0), kernels };
}

export function formatBreakdown(breakdown: KernelBreakdown, indent = '  '): string[] {
  const width = Math.max(...breakdown.kernels.map((k) => k.kernel.length));
  return breakdown.kernels.map((k) => {
    const share = breakdown.totalMs > 0 ? (100 * k.ms) / breakdown.totalMs : 0;
    return `${indent}${k.kernel.padEnd(width)}  ${k.ms.toFixed(1).padStart(7)} ms  ${share.toFixed(1).padStart(5)} %  ×${k.calls}`;
  });
}
