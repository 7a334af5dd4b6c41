// Small float64 helpers for tests: seeded random inputs and error measures.
import { createRandom } from '@icnn/random';

/** Floats in [0, 1) from @icnn/random's seeded generator (mulberry32): the same stream for the same seed. */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}

/** `size` uniform values in [lo, hi) from `random`. */
export function uniform(random: () => number, size: number, lo = -1, hi = 1): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * random();
  return out;
}

/** max |a − b| / max(max |b|, tiny): the error relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

/** Central finite differences of a float64 function at `x`. */
export function finiteDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + h;
    const up = f(probe);
    probe[i] = x[i] - h;
    const down = f(probe);
    probe[i] = x[i];
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
