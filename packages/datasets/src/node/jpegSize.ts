// Width and height of a JPEG from its frame header (SOFn marker), reading only the header segments.
import { open } from 'node:fs/promises';

export interface ImageSize {
  width: number;
  height: number;
}

// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Reads the size of the JPEG at `path`; throws naming the file when it is not a JPEG or its header is cut short. */
export async function readJpegSize(path: string): Promise<ImageSize> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new Error(`${path}: cannot open image (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const { size } = await handle.stat();
    const read = async (offset: number, length: number): Promise<Uint8Array> => {
      if (offset + length > size) throw new Error(`${path}: truncated JPEG header (needs ${offset + length} bytes, file has ${size})`);
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle!.read(buffer, 0, length, offset);
      if (bytesRead !== length) throw new Error(`${path}: short read at byte ${offset}`);
      return buffer;
    };
    const soi = await read(0, 2);
    if (soi[0] !== 0xff || soi[1] !== 0xd8) throw new Error(`${path}: not a JPEG (no start-of-image marker)`);
    let offset = 2;
    // Each step advances by at least one byte, so the loop ends within the file.
    while (offset < size) {
      const [ff, marker] = await read(offset, 2);
      if (ff !== 0xff) throw new Error(`${path}: corrupt JPEG header (expected a marker at byte ${offset})`);
      if (marker === 0xff) {
        offset += 1; // fill byte
        continue;
      }
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        offset += 2; // markers without a length
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) break; // end of image or start of scan before any frame header
      const [hi, lo] = await read(offset + 2, 2);
      const length = (hi << 8) | lo;
      if (length < 2) throw new Error(`${path}: corrupt JPEG segment length ${length} at byte ${offset}`);
      if (isStartOfFrame(marker)) {
        const frame = await read(offset + 4, 5);
        const height = (frame[1] << 8) | frame[2];
        const width = (frame[3] << 8) | frame[4];
        if (width === 0 || height === 0) throw new Error(`${path}: JPEG frame header gives size ${width}×${height}`);
        return { width, height };
      }
      offset += 2 + length;
    }
    throw new Error(`${path}: no JPEG frame header (SOF) found`);
  } finally {
    await handle.close();
  }
}
