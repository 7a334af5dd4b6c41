// Bounding-box crops clamped to the image. Boxes are inclusive, in 0-based pixel centres (sample.ts); a fractional
// box is rounded to whole pixels. A box with no pixel inside the image is an error naming the sample and the box.
import type { BoundingBox, RgbImage } from '../sample';
import { translation, type PointTransform } from './transform';

/** Whole-pixel box inside the image: columns x0..x1 and rows y0..y1, inclusive. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const describe = (box: BoundingBox): string => `{ xmin: ${box.xmin}, ymin: ${box.ymin}, xmax: ${box.xmax}, ymax: ${box.ymax} }`;

/**
 * `box` rounded to pixels and clamped to a `width × height` image. Throws, naming `id` (the sample), the box and the
 * image size, when a coordinate is not finite, the box is inverted, or it has no pixel inside the image.
 */
export function clampBox(box: BoundingBox, width: number, height: number, id = '(unnamed)'): PixelBox {
  const where = `sample ${id}: box ${describe(box)}`;
  if (![box.xmin, box.ymin, box.xmax, box.ymax].every(Number.isFinite)) throw new Error(`${where} has a non-finite coordinate`);
  if (box.xmin > box.xmax || box.ymin > box.ymax) throw new Error(`${where} is inverted`);
  const x0 = Math.max(0, Math.round(box.xmin));
  const y0 = Math.max(0, Math.round(box.ymin));
  const x1 = Math.min(width - 1, Math.round(box.xmax));
  const y1 = Math.min(height - 1, Math.round(box.ymax));
  if (x0 > x1 || y0 > y1) throw new Error(`${where} lies outside the ${width}×${height} image`);
  return { x0, y0, x1, y1 };
}

/** Validates an RgbImage's fields, naming `where`. */
export function checkImage(image: RgbImage, where: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${where}: image size must be positive integers, got ${width}×${height}`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    throw new Error(`${where}: image data must be a Uint8Array of ${width}×${height}×3 = ${width * height * 3} bytes, got ${data?.length}`);
  }
}

/**
 * The pixels of `box` (clamped to the image) as a new image, and the map from the image's coordinates to the crop's.
 */
export function cropImage(image: RgbImage, box: BoundingBox, id?: string): { image: RgbImage; transform: PointTransform } {
  checkImage(image, `sample ${id ?? '(unnamed)'}`);
  const { x0, y0, x1, y1 } = clampBox(box, image.width, image.height, id);
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let r = 0; r < height; r++) {
    const from = ((y0 + r) * image.width + x0) * 3;
    data.set(image.data.subarray(from, from + rowBytes), r * rowBytes);
  }
  return { image: { width, height, data }, transform: translation(x0, y0) };
}
