import { describe, expect, it } from 'vitest';
import { createRandom, mixSeed } from './random';

// Expected values from an independent Python implementation of mulberry32 and of the murmur3-finaliser mix,
// written with explicit 32-bit masks (no Math.imul, no int32 coercion).
describe('createRandom', () => {
  it('gives the reference mulberry32 stream for seeds 0, 42 and 2³² − 1', () => {
    const draw = (seed: number) => Array.from({ length: 4 }, createRandom(seed).next);
    expect(draw(0)).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111]);
    expect(draw(42)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693]);
    expect(draw(2 ** 32 - 1)).toEqual([0.8964226141106337, 0.189478256739676, 0.7156526781618595, 0.9440599093213677]);
    expect(draw(-1)).toEqual(draw(2 ** 32 - 1)); // seeds are taken modulo 2³²
  });

  it('range, int and chance follow next()', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const u = b.next();
    expect(a.range(-2, 2)).toBe(-2 + 4 * u);
    expect(a.int(10)).toBe(Math.floor(b.next() * 10));
    expect(a.chance(0.5)).toBe(b.next() < 0.5);
  });
});

describe('mixSeed', () => {
  it('matches the reference and depends on the order of its words', () => {
    expect([mixSeed(), mixSeed(0), mixSeed(1, 2), mixSeed(2, 1), mixSeed(-1)]).toEqual([2654435769, 1033816887, 3849606291, 1706282973, 446706532]);
  });
});
