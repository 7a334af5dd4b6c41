import { describe, expect, it } from 'vitest';
import { createMeanAccumulator, meanImage } from './meanImage';
import { normalizeImages } from './normalize';

const solid = (w: number, h: number, value: number) => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(value) });

describe('meanImage and normalizeImages', () => {
  it('averages per pixel and subtracts it into NHWC float32', () => {
    const a = { width: 2, height: 1, data: Uint8Array.of(0, 10, 20, 30, 40, 50) };
    const b = { width: 2, height: 1, data: Uint8Array.of(2, 10, 22, 34, 40, 60) };
    const mean = meanImage([a, b]);
    expect(Array.from(mean)).toEqual([1, 10, 21, 32, 40, 55]);
    const { data, shape } = normalizeImages([a, b], mean);
    expect(shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(data)).toEqual([-1, 0, -1, -2, 0, -5, 1, 0, 1, 2, 0, 5]);
  });

  it('names the image whose size differs, and refuses an empty set', () => {
    expect(() => meanImage([solid(2, 2, 1), solid(3, 2, 1)])).toThrow('meanImage: images[1]: is 3×2, the mean image is 2×2');
    expect(() => normalizeImages([solid(2, 2, 1)], new Float32Array(5))).toThrow(/images\[0\]: 2×2×3 = 12 values, the mean image has 5/);
    expect(() => createMeanAccumulator(2, 2).mean()).toThrow('mean image of an empty set');
  });
});
