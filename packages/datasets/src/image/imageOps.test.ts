import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../sample';
import { clampBox, cropImage } from './crop';
import { flipHorizontal } from './flip';
import { resizeBilinear } from './resize';
import { applyTransform, composeTransforms, invertTransform, scaling } from './transform';

/** A W×H image whose pixel (c, r) is [c, r, 7]. */
function ramp(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) data.set([c, r, 7], (r * width + c) * 3);
  return { width, height, data };
}
const pixel = (image: RgbImage, c: number, r: number): number[] => Array.from(image.data.subarray((r * image.width + c) * 3, (r * image.width + c) * 3 + 3));

describe('cropImage', () => {
  it('copies the box, inclusive, and maps image points into the crop', () => {
    const { image, transform } = cropImage(ramp(10, 8), { xmin: 2, ymin: 3, xmax: 5, ymax: 6 });
    expect([image.width, image.height]).toEqual([4, 4]);
    expect(pixel(image, 0, 0)).toEqual([2, 3, 7]);
    expect(pixel(image, 3, 3)).toEqual([5, 6, 7]);
    expect(applyTransform(transform, 2, 3)).toEqual([0, 0]);
  });

  it('clamps a box that overhangs the image and rounds fractional boxes to pixels', () => {
    expect(clampBox({ xmin: -5, ymin: 2.4, xmax: 20, ymax: 6.6 }, 10, 8)).toEqual({ x0: 0, y0: 2, x1: 9, y1: 7 });
    const { image } = cropImage(ramp(10, 8), { xmin: 7, ymin: -3, xmax: 30, ymax: 1 });
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(pixel(image, 2, 1)).toEqual([9, 1, 7]);
  });

  it('names the sample and the box when the box is outside the image, inverted or not finite', () => {
    const image = ramp(10, 8);
    expect(() => cropImage(image, { xmin: 12, ymin: 0, xmax: 20, ymax: 5 }, 'fox/00007')).toThrow(
      'sample fox/00007: box { xmin: 12, ymin: 0, xmax: 20, ymax: 5 } lies outside the 10×8 image',
    );
    expect(() => cropImage(image, { xmin: 5, ymin: 0, xmax: 2, ymax: 5 }, 'a')).toThrow('sample a: box { xmin: 5, ymin: 0, xmax: 2, ymax: 5 } is inverted');
    expect(() => cropImage(image, { xmin: NaN, ymin: 0, xmax: 2, ymax: 5 }, 'b')).toThrow(/sample b: .* non-finite/);
    expect(() => cropImage({ width: 2, height: 2, data: new Uint8Array(5) }, { xmin: 0, ymin: 0, xmax: 1, ymax: 1 }, 'c')).toThrow(
      /sample c: image data must be a Uint8Array of 2×2×3 = 12 bytes, got 5/,
    );
  });
});

describe('resizeBilinear', () => {
  it('reproduces a linear ramp (half-pixel centres) and keeps constant images constant', () => {
    // 4 → 8 columns: output u samples x = (u + ½)/2 − ½, clamped to [0, 3].
    const { image } = resizeBilinear(ramp(4, 1), 8, 1);
    const xs = Array.from({ length: 8 }, (_, u) => Math.min(Math.max((u + 0.5) / 2 - 0.5, 0), 3));
    expect(Array.from({ length: 8 }, (_, u) => pixel(image, u, 0)[0])).toEqual(xs.map((x) => Math.round(x)));
    const flat = { width: 5, height: 3, data: new Uint8Array(45).fill(200) };
    expect(resizeBilinear(flat, 224, 224).image.data.every((v) => v === 200)).toBe(true);
  });

  it('maps pixel edges onto pixel edges', () => {
    const t = resizeBilinear(ramp(10, 20), 224, 224).transform;
    expect(applyTransform(t, -0.5, -0.5)).toEqual([-0.5, -0.5]);
    const [x, y] = applyTransform(t, 9.5, 19.5);
    expect(x).toBeCloseTo(223.5, 12);
    expect(y).toBeCloseTo(223.5, 12);
  });

  it('averages the two nearest pixels at a half-way point (downscale 2:1 of a checker row)', () => {
    const data = new Uint8Array([0, 0, 0, 100, 100, 100, 0, 0, 0, 100, 100, 100]);
    const { image } = resizeBilinear({ width: 4, height: 1, data }, 2, 1);
    expect(Array.from(image.data)).toEqual([50, 50, 50, 50, 50, 50]);
  });

  it('rejects a bad output size', () => {
    expect(() => resizeBilinear(ramp(3, 3), 0, 224)).toThrow('resizeBilinear: output size must be positive integers, got 0×224');
  });
});

describe('flipHorizontal', () => {
  it('mirrors pixels and points, and is its own inverse', () => {
    const source = ramp(5, 2);
    const { image, transform } = flipHorizontal(source);
    expect(pixel(image, 0, 1)).toEqual([4, 1, 7]);
    expect(applyTransform(transform, 0, 1)).toEqual([4, 1]);
    expect(flipHorizontal(image).image.data).toEqual(source.data);
  });
});

describe('transforms', () => {
  it('compose and invert to the identity within 1e-12', () => {
    const t = composeTransforms(scaling(333, 500, 224, 224), { sx: -1, tx: 223, sy: 1, ty: 0 });
    const back = composeTransforms(t, invertTransform(t));
    expect(back.sx).toBeCloseTo(1, 12);
    expect(back.tx).toBeCloseTo(0, 12);
    expect(back.sy).toBeCloseTo(1, 12);
    expect(back.ty).toBeCloseTo(0, 12);
  });
});
