import { describe, expect, it } from 'vitest';
import { binaryError } from './binaryError';
import { logisticAccuracy } from './logisticAccuracy';
import { softmaxAccuracy } from './softmaxAccuracy';

describe('binaryError', () => {
  it('counts sign(score·label) ≤ 0 as errors', () => {
    expect(binaryError([2, -1, 0.5, -3, 0], [1, 1, -1, -1, 1])).toEqual({ value: 3 / 5, errors: 3, count: 5 });
    expect(binaryError(Float32Array.of(1, -1), Int8Array.of(1, -1)).value).toBe(0);
    expect(binaryError([], []).value).toBeNaN();
  });
  it('names bad labels and lengths', () => {
    expect(() => binaryError([1, 2], [1, 0])).toThrow(/binaryError: 'labels\[1\]' must be 1 or -1, got 0/);
    expect(() => binaryError([1, 2], [1])).toThrow(/'labels' has 1 entries, expected 2/);
    expect(() => binaryError([1, NaN], [1, 1])).toThrow(/'scores\[1\]' must be a number, got NaN/);
  });
});

describe('softmaxAccuracy', () => {
  it('compares the argmax (first on ties) with the label', () => {
    const scores = [[0.1, 2, 0.3], [5, 5, 1], [0, 0, 1], [3, 1, 2]];
    expect(softmaxAccuracy(scores, [1, 0, 2, 1])).toEqual({ value: 3 / 4, correct: 3, count: 4 });
    expect(softmaxAccuracy(scores, [1, 1, 2, 0]).correct).toBe(3); // the tie in row 1 goes to class 0
  });
  it('names bad rows and labels', () => {
    expect(() => softmaxAccuracy([[1, 2], [1]], [0, 0])).toThrow(/'scores\[1\]' has 1 entries, expected 2/);
    expect(() => softmaxAccuracy([[1, 2]], [2])).toThrow(/'labels\[0\]' must be a class index in \[0, 2\)/);
  });
});

describe('logisticAccuracy', () => {
  it('averages the per-class binary accuracies', () => {
    const scores = [[1, -1], [2, 3], [-1, -2], [0.5, 1]];
    const labels = [[1, -1], [-1, 1], [-1, 1], [1, 1]];
    // class 0: correct on rows 0, 2, 3 → 3/4; class 1: rows 0, 1, 3 → 3/4
    const got = logisticAccuracy(scores, labels);
    expect(got.perClass).toEqual([0.75, 0.75]);
    expect(got.value).toBe(0.75);
    expect(logisticAccuracy([[1, -1]], [[1, 1]]).perClass).toEqual([1, 0]);
  });
  it('names bad labels', () => {
    expect(() => logisticAccuracy([[1, 2]], [[1, 2]])).toThrow(/'labels\[0\]\[1\]' must be 1 or -1, got 2/);
    expect(() => logisticAccuracy([[1, 2]], [[1]])).toThrow(/'labels\[0\]' has 1 entries, expected 2/);
  });
});
