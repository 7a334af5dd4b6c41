// An independent PNG reader for the tests: checks the signature, every chunk's CRC (node:zlib's crc32 where present,
// else a bitwise CRC written here), inflates IDAT with node:zlib, and undoes filter type 0 only (all our encoder writes).
import { inflateSync } from 'node:zlib';

function bitwiseCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export function decodePng(png: Uint8Array): { width: number; height: number; colourType: number; rgba: Uint8Array; chunks: string[] } {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  signature.forEach((b, i) => {
    if (png[i] !== b) throw new Error(`bad signature byte ${i}`);
  });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let colourType = -1;
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    const crc = view.getUint32(at + 8 + length);
    if (crc !== bitwiseCrc(png.subarray(at + 4, at + 8 + length))) throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (body[8] !== 8) throw new Error('bit depth');
      colourType = body[9];
    } else if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const channels = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = y * (width * channels + 1);
    if (raw[row] !== 0) throw new Error(`filter type ${raw[row]} on row ${y}`);
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) rgba[(y * width + x) * 4 + c] = c < channels ? raw[row + 1 + x * channels + c] : 255;
    }
  }
  return { width, height, colourType, rgba, chunks };
}
