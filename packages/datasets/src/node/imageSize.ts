// Width and height of an image file from its header, read by sharp's metadata() (libvips parses the header only,
// no pixels are decoded). Every failure names the file: missing, unreadable, not the expected format, no size.
import { stat } from 'node:fs/promises';
import { loadSharp } from './sharp';

export interface ImageSize {
  width: number;
  height: number;
}

/** The size of the image at `path`; with `format` ('jpeg'), an image of another format is an error too. */
export async function readImageSize(path: string, format?: 'jpeg'): Promise<ImageSize> {
  try {
    await stat(path);
  } catch (error) {
    throw new Error(`${path}: cannot open image (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const sharp = await loadSharp();
  let metadata;
  try {
    metadata = await sharp(path).metadata();
  } catch (error) {
    // libvips reports one line per warning; the first says what is wrong.
    throw new Error(`${path}: cannot read image header (${error instanceof Error ? error.message.trim().split('\n')[0] : String(error)})`);
  }
  if (format !== undefined && metadata.format !== format) throw new Error(`${path}: not a JPEG (a ${metadata.format} image)`);
  const { width, height } = metadata;
  if (!width || !height) throw new Error(`${path}: image header gives no size`);
  return { width, height };
}

/** The size of the JPEG at `path` (another format is an error naming the file). */
export function readJpegSize(path: string): Promise<ImageSize> {
  return readImageSize(path, 'jpeg');
}
