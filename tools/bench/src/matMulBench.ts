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

export async function measureMatMul(size = 1024, runs = 7, warmup = 2): Promise<MatMulResult> {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  try {
    const timesMs = await timeRuns(
      async () => {
        const c = tf.matMul(a, b);
        await c.data(); // read back, so the product is really computed on any backend
        c.dispose();
      },
      warmup,
      runs,
    );
    const flops = 2 * size ** 3;
    const ms = median(timesMs);
    return { size, flops, ms, gflops: gflops(flops, ms), timesMs };
  } finally {
    a.dispose();
    b.dispose();
  }
}
