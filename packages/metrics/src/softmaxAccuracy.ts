// Multi-category classification with a softmax head (SPEC §6): top-1 accuracy.
import { assertArray, assertNumber, describe } from './validate';

export interface Accuracy {
  /** correct / count; NaN for no images. */
  value: number;
  correct: number;
  count: number;
}

/**
 * Accuracy of argmax over each row of `scores` [N][L] (logits or probabilities: the argmax is the same) against the
 * class indices `labels` [N]. Ties go to the lower class index, as argmax in MATLAB, NumPy and tf.argMax.
 */
export function softmaxAccuracy(scores: readonly ArrayLike<number>[], labels: ArrayLike<number>): Accuracy {
  const fn = 'softmaxAccuracy';
  assertArray(fn, 'scores', scores);
  assertArray(fn, 'labels', labels, scores.length, 'one per row of scores');
  const classes = scores.length > 0 ? (scores[0]?.length ?? 0) : 0;
  let correct = 0;
  for (let n = 0; n < scores.length; n++) {
    const row = scores[n];
    assertArray(fn, `scores[${n}]`, row, classes, 'L, the length of scores[0]');
    if (classes === 0) throw new RangeError(`${fn}: 'scores[${n}]' is empty; each row needs one score per class`);
    assertNumber(fn, `labels[${n}]`, labels[n], (v) => Number.isInteger(v) && v >= 0 && v < classes, `a class index in [0, ${classes})`);
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = row[c];
      if (typeof v !== 'number' || Number.isNaN(v)) throw new RangeError(`${fn}: 'scores[${n}][${c}]' must be a number, got ${describe(v)}`);
      if (v > row[best]) best = c;
    }
    if (best === labels[n]) correct++;
  }
  return { value: scores.length === 0 ? NaN : correct / scores.length, correct, count: scores.length };
}
