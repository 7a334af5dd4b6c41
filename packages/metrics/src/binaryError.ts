// Single-category classification (SPEC §6): the share of images whose score has the wrong sign.
import { assertArray, describe } from './validate';

export interface BinaryError {
  /** errors / count; NaN for no images. */
  value: number;
  errors: number;
  count: number;
}

/**
 * Binary error of sign(score·label) with labels ±1: an image is correct when score·label > 0, so a score of exactly
 * 0 counts as an error (it decides nothing).
 */
export function binaryError(scores: ArrayLike<number>, labels: ArrayLike<number>): BinaryError {
  const fn = 'binaryError';
  assertArray(fn, 'scores', scores);
  assertArray(fn, 'labels', labels, scores.length, 'one per score');
  let errors = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    const y = labels[i];
    if (typeof s !== 'number' || Number.isNaN(s)) throw new RangeError(`${fn}: 'scores[${i}]' must be a number, got ${describe(s)}`);
    if (y !== 1 && y !== -1) throw new RangeError(`${fn}: 'labels[${i}]' must be 1 or -1, got ${describe(y)}`);
    if (!(s * y > 0)) errors++;
  }
  return { value: scores.length === 0 ? NaN : errors / scores.length, errors, count: scores.length };
}
