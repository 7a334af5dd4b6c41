import { seededRandom } from '@icnn/test-utils/numeric';
import { describe, expect, it } from 'vitest';
import { TopValues } from './topValues';

describe('TopValues', () => {
  it('keeps the k largest values, ties as separate entries, whatever the order', () => {
    const random = seededRandom(7);
    for (const k of [1, 3, 17]) {
      const values = Array.from({ length: 300 }, () => Math.floor(random() * 40)); // many ties
      const heap = new TopValues(k);
      values.forEach((v) => heap.offer(v));
      const sorted = values.slice().sort((a, b) => b - a);
      expect(heap.size).toBe(k);
      expect(heap.min()).toBe(sorted[k - 1]);
      const descending = new TopValues(k);
      for (let s = 0; s < 300; s += 50) descending.offerDescending(values.slice(s, s + 50).sort((a, b) => b - a), 0, 50);
      expect(descending.min()).toBe(sorted[k - 1]);
    }
    expect(new TopValues(2).min()).toBeNaN();
    expect(() => new TopValues(0)).toThrow(/'capacity' must be a positive integer, got 0/);
  });
});
