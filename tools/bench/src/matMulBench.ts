// The backend's own matMul speed on a large square product: the reference "what this backend can do" number.
import * as tf from '@tensorflow/tfjs-core';
import { gflops, median, timeRuns } from './stats';

export interface MatMulResult {
  size: number;
  flops: number;
  ms: number;
  gflops: number;
  timesMs: number[];
}

/** One size³ matMul, read back, ready to time again and again (the yardstick other timings are divided by). */
export interface MatMulProbe {
  size: number;
  flops: number;
  once(): Promise<void>;
  dispose(): void;
}

export function createMatMulProbe(size = 1024): MatMulProbe {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  return {
    size,
    flops: 2 * size ** 3,
    async once() {
      const c = tf.matMul(a, b);
      await c.data(); // read back, so the product is really computed on any backend
      c.dispose();
    },
    dispose() {
      a.dispose();
      b.dispose();
    },
  };
}

export async function measureMatMul(size = 1024, runs = 7, warmup = 2): Promise<MatMulResult> {
  const probe = createMatMulProbe(size);
  try {
    const timesMs = await timeRuns(() => probe.once(), warmup, runs);
    const ms = median(timesMs);
    return { size, flops: probe.flops, ms, gflops: gflops(probe.flops, ms), timesMs };
  } finally {
    probe.dispose();
  }
}
