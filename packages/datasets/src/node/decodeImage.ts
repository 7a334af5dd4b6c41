// JPEG (and PNG, WebP, …) files decoded to 8-bit RGB with sharp (libvips). Grey, CMYK and alpha images become RGB;
// EXIF orientation is ignored on purpose: dataset boxes are given on the stored pixels.
import { readFile } from 'node:fs/promises';
import type { RgbImage } from '../sample';
import { loadSharp } from './sharp';

/** Decodes the image file at `path` to RGB; a missing, unreadable or corrupt file throws an error naming it. */
export async function decodeImage(path: string): Promise<RgbImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`${path}: cannot open image (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const sharp = await loadSharp();
  try {
    // failOn 'warning' (the default, spelled out): a truncated JPEG is an error, not a grey-filled image.
    const { data, info } = await sharp(bytes, { failOn: 'warning' }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    throw new Error(`${path}: cannot decode image (${error instanceof Error ? error.message.trim().replace(/\s*\n\s*/g, '; ') : String(error)})`);
  }
}
