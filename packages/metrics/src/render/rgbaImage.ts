// The picture type of the render step: RGBA bytes row-major, the layout of the browser's ImageData, so that
// `new ImageData(image.data, image.width, image.height)` draws it on a canvas and `encodePng` writes it to a file.
import { assertArray, assertNumber, describe } from '../validate';

export interface RgbaImage {
  width: number;
  height: number;
  /** width·height·4 bytes: R, G, B, A per pixel, row-major (index (y·width + x)·4). */
  data: Uint8ClampedArray;
}

/** A new image filled with one colour (default opaque white). */
export function createRgbaImage(width: number, height: number, fill: readonly [number, number, number, number?] = [255, 255, 255, 255]): RgbaImage {
  const fn = 'createRgbaImage';
  assertNumber(fn, 'width', width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'height', height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const data = new Uint8ClampedArray(width * height * 4);
  const [r, g, b, a = 255] = fill;
  for (let p = 0; p < width * height; p++) data.set([r, g, b, a], p * 4);
  return { width, height, data };
}

/**
 * An RGBA image from HWC float pixels (a network input read back from a tensor): 1 channel is grey, 3 are RGB, 4
 * RGBA. `range` [lo, hi] maps to 0…255 (default [0, 1]; use [0, 255] for byte-valued inputs, or the inverse of the
 * network's normalisation).
 */
export function rgbaFromPixels(pixels: ArrayLike<number>, height: number, width: number, channels: number, range: readonly [number, number] = [0, 1]): RgbaImage {
  const fn = 'rgbaFromPixels';
  assertNumber(fn, 'height', height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'width', width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'channels', channels, (v) => v === 1 || v === 3 || v === 4, '1, 3 or 4');
  assertArray(fn, 'pixels', pixels, height * width * channels, `height·width·channels = ${height}·${width}·${channels}`);
  assertArray(fn, 'range', range, 2, '[lo, hi]');
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`${fn}: 'range' must be finite [lo, hi] with hi > lo, got ${describe(range)}`);
  const scale = 255 / (hi - lo);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round((pixels[p * channels + (channels === 1 ? 0 : c)] - lo) * scale);
    data[p * 4 + 3] = channels === 4 ? Math.round((pixels[p * 4 + 3] - lo) * scale) : 255;
  }
  return { width, height, data };
}

export function assertRgbaImage(fn: string, name: string, image: unknown): asserts image is RgbaImage {
  const im = image as RgbaImage;
  if (im == null || typeof im !== 'object') throw new TypeError(`${fn}: '${name}' must be { width, height, data: Uint8ClampedArray }, got ${describe(image)}`);
  assertNumber(fn, `${name}.width`, im.width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, `${name}.height`, im.height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const data = im.data as unknown;
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array)) {
    throw new TypeError(`${fn}: '${name}.data' must be a Uint8ClampedArray (RGBA), got ${describe(im.data)}`);
  }
  if (im.data.length !== im.width * im.height * 4) {
    throw new RangeError(`${fn}: '${name}.data' has ${im.data.length} bytes, expected width·height·4 = ${im.width * im.height * 4}`);
  }
}
