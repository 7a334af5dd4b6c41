// PNG encoding (ISO/IEC 15948): signature, IHDR, one IDAT, IEND, each chunk with its CRC-32. 8-bit RGB when every
// pixel is opaque (smaller), else 8-bit RGBA; filter type 0 (none) on every row.
import { describe } from '../validate';
import { crc32 } from './crc32';
import { assertRgbaImage, type RgbaImage } from './rgbaImage';
import { zlibStored } from './zlibStored';

export interface PngOptions {
  /**
   * zlib compressor (RFC 1950 stream out), e.g. Node's `zlib.deflateSync`; default stored (uncompressed) blocks,
   * which any decoder reads and which need nothing beyond the browser.
   */
  deflate?: (bytes: Uint8Array) => Uint8Array;
  /** Force RGBA output even when the image is opaque. */
  alpha?: boolean;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function encodePng(image: RgbaImage, options: PngOptions = {}): Uint8Array {
  const fn = 'encodePng';
  assertRgbaImage(fn, 'image', image);
  if (options.deflate !== undefined && typeof options.deflate !== 'function') throw new TypeError(`${fn}: 'deflate' must be a function, got ${describe(options.deflate)}`);
  const { width, height, data } = image;
  let alpha = options.alpha ?? false;
  for (let p = 3; !alpha && p < data.length; p += 4) if (data[p] !== 255) alpha = true;
  const channels = alpha ? 4 : 3;
  const stride = width * channels + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) raw[y * stride + 1 + x * channels + c] = data[(y * width + x) * 4 + c];
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = alpha ? 6 : 2; // colour type: RGBA or RGB
  // compression 0, filter 0, interlace 0
  const compressed = (options.deflate ?? zlibStored)(raw);
  const chunks = [chunk('IHDR', header), chunk('IDAT', new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(SIGNATURE.length + chunks.reduce((s, c) => s + c.length, 0));
  out.set(SIGNATURE, 0);
  let at = SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** length (4 bytes, big-endian), type, data, CRC-32 of type + data. */
function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}
