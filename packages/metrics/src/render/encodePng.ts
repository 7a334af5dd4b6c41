// PNG encoding through fast-png (deflate by fflate; the same code in browsers and Node): 8-bit RGB when every pixel
// is opaque (smaller), else 8-bit RGBA.
import { encode } from 'fast-png';
import { describe } from '../validate';
import { assertRgbaImage, type RgbaImage } from './rgbaImage';

export interface PngOptions {
  /** Force RGBA output even when the image is opaque. */
  alpha?: boolean;
  /** zlib compression level: 0 (stored) to 9 (smallest, the default; images here are small, so time hardly counts). */
  level?: number;
}

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export function encodePng(image: RgbaImage, options: PngOptions = {}): Uint8Array {
  const fn = 'encodePng';
  assertRgbaImage(fn, 'image', image);
  const level = options.level ?? 9;
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError(`${fn}: 'level' must be an integer from 0 to 9, got ${describe(level)}`);
  const { width, height, data } = image;
  let alpha = options.alpha ?? false;
  for (let p = 3; !alpha && p < data.length; p += 4) if (data[p] !== 255) alpha = true;
  let pixels: Uint8Array = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (!alpha) {
    pixels = new Uint8Array(width * height * 3);
    for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
      pixels[o] = data[i];
      pixels[o + 1] = data[i + 1];
      pixels[o + 2] = data[i + 2];
    }
  }
  return encode({ width, height, data: pixels, channels: alpha ? 4 : 3, depth: 8 }, { zlib: { level: level as Level } });
}
