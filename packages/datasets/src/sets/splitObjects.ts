// The train/validation split by object: every copy of an object (its mirror, oversampled repeats) stays on one side.
import { createRandom, mixSeed } from '@icnn/random';
import type { Sample } from '../sample';
import type { SplitMethod } from './dataSet';

export interface ObjectSplit {
  /** Per sample (same order as given): true when it is in the training split. */
  isTrain: boolean[];
}

/** Throws naming the first repeated id (objects are told apart by id). */
export function checkUniqueIds(samples: readonly Sample[], where: string): void {
  const seen = new Map<string, number>();
  samples.forEach((sample, i) => {
    if (typeof sample?.id !== 'string') throw new Error(`${where}[${i}]: sample has no string id`);
    const before = seen.get(sample.id);
    if (before !== undefined) throw new Error(`${where}[${i}]: id '${sample.id}' repeats ${where}[${before}]`);
    seen.set(sample.id, i);
  });
}

/**
 * Splits `samples` into train and validation: `round(n·(1 − valFraction))` training objects, chosen by `method`
 * ('seeded': a seeded shuffle; 'authors': evenly spaced as in the released MATLAB code, which ignores the seed).
 */
export function splitObjects(samples: readonly Sample[], valFraction: number, seed: number, method: SplitMethod, stream = 0): ObjectSplit {
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`valFraction must be in [0, 1), got ${valFraction}`);
  const n = samples.length;
  const trainCount = Math.round(n * (1 - valFraction));
  const isTrain = new Array<boolean>(n).fill(false);
  if (method === 'authors') {
    // MATLAB: round(linspace(1, n, k)) (1-based; k = 1 gives n).
    for (let j = 0; j < trainCount; j++) {
      const position = trainCount === 1 ? n : 1 + (j * (n - 1)) / (trainCount - 1);
      isTrain[Math.floor(position + 0.5) - 1] = true;
    }
  } else if (method === 'seeded') {
    const random = createRandom(mixSeed(seed, 0x5e7, stream));
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let j = 0; j < trainCount; j++) isTrain[order[j]] = true;
  } else {
    throw new Error(`split must be 'seeded' or 'authors', got ${JSON.stringify(method)}`);
  }
  return { isTrain };
}
