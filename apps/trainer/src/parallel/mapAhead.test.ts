import { describe, expect, it } from 'vitest';
import { mapAhead } from './mapAhead';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapAhead', () => {
  it('keeps the source order whatever finishes first, with at most depth calls running', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 1, 20, 5, 0, 12, 3, 25, 2, 8];
    const out: number[] = [];
    for await (const value of mapAhead(delays.keys(), 3, async (i) => {
      running += 1;
      most = Math.max(most, running);
      await sleep(delays[i]);
      running -= 1;
      return i * 10;
    })) {
      out.push(value);
    }
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(most).toBe(3);
  });

  it('raises a failed call in its turn and closes the source', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    const run = async () => {
      for await (const value of mapAhead(source(), 4, async (i) => {
        if (i === 2) throw new Error('item 2 is bad');
        await sleep(1);
        return i;
      })) {
        seen.push(value);
      }
    };
    await expect(run()).rejects.toThrow('item 2 is bad');
    expect(seen).toEqual([0, 1]);
    expect(closed).toBe(true);
    await expect(mapAhead([1], 0, async (i) => i).next()).rejects.toThrow(/depth must be an integer ≥ 1, got 0/);
  });
});
