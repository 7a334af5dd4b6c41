// Multi-category classification with per-class logistic outputs (SPEC §6): binary accuracy per class, averaged.
import { assertArray, describe } from './validate';

export interface LogisticAccuracy {
  /** Mean of `perClass`; NaN for no images. */
  value: number;
  /** Per class c: share of images with score·label > 0 in column c. */
  perClass: number[];
}

/**
 * Mean per-class binary accuracy of `scores` [N][L] against labels [N][L] of ±1: in each column an image is correct
 * when score·label > 0 (0 counts as wrong, as in `binaryError`); the result is the unweighted mean over the L
 * classes.
 */
export function logisticAccuracy(scores: readonly ArrayLike<number>[], labels: readonly ArrayLike<number>[]): LogisticAccuracy {
  const fn = 'logisticAccuracy';
  assertArray(fn, 'scores', scores);
  assertArray(fn, 'labels', labels, scores.length, 'one row per row of scores');
  const classes = scores.length > 0 ? (scores[0]?.length ?? 0) : 0;
  const correct = new Float64Array(classes);
  for (let n = 0; n < scores.length; n++) {
    assertArray(fn, `scores[${n}]`, scores[n], classes, 'L, the length of scores[0]');
    assertArray(fn, `labels[${n}]`, labels[n], classes, 'L, the length of scores[0]');
    for (let c = 0; c < classes; c++) {
      const s = scores[n][c];
      const y = labels[n][c];
      if (typeof s !== 'number' || Number.isNaN(s)) throw new RangeError(`${fn}: 'scores[${n}][${c}]' must be a number, got ${describe(s)}`);
      if (y !== 1 && y !== -1) throw new RangeError(`${fn}: 'labels[${n}][${c}]' must be 1 or -1, got ${describe(y)}`);
      if (s * y > 0) correct[c]++;
    }
  }
  if (scores.length === 0) return { value: NaN, perClass: [] };
  const perClass = Array.from(correct, (k) => k / scores.length);
  return { value: perClass.reduce((a, b) => a + b, 0) / classes, perClass };
}
