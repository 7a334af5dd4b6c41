import { describe, expect, it } from 'vitest';
import { splitGroups } from './splitGroups';

describe('splitGroups', () => {
  it('keeps a reduction no longer than the target whole', () => {
    expect(splitGroups(1000, 1024)).toBe(1);
    expect(splitGroups(1024, 1024)).toBe(1);
  });

  it('picks the divisor whose group length is closest to the target', () => {
    // VGG-16 conv1_2 at batch 32: 32·224·224 = 1,605,632 = 2^11·7^2·16; 1568 groups of exactly 1024.
    expect(splitGroups(32 * 224 * 224, 1024)).toBe(1568);
    // conv5_3 at batch 32: 6272 = 2^7·7^2; candidates 4 (1568), 7 (896), 8 (784): 896 is closest to 1024 by ratio.
    expect(splitGroups(32 * 14 * 14, 1024)).toBe(7);
    const groups = splitGroups(143, 10); // 11·13: 11 groups of 13 or 13 groups of 11
    expect(143 % groups).toBe(0);
    expect(groups).toBe(13);
  });

  it('falls back to one group or one element per group for a prime length', () => {
    expect(splitGroups(1_000_003, 1024)).toBe(1); // log(976) < log(1024)
    expect(splitGroups(13, 2)).toBe(13); // groups of 1 (ratio 2) beat one group of 13 (ratio 6.5)
  });

  it('names a bad argument', () => {
    expect(() => splitGroups(0, 4)).toThrow(/'length' must be a positive integer, got 0/);
    expect(() => splitGroups(10, 0)).toThrow(/'targetInner' must be ≥ 1, got 0/);
  });
});
