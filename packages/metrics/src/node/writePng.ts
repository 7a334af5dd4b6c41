// PNG files from RGBA images, compressed with node:zlib (the browser-safe encoder's default is stored blocks).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { encodePng } from '../render/encodePng';
import type { RgbaImage } from '../render/rgbaImage';

/** PNG bytes with deflate compression (level 9). */
export function encodePngCompressed(image: RgbaImage): Uint8Array {
  return encodePng(image, { deflate: (bytes) => deflateSync(bytes, { level: 9 }) });
}

/** Writes `image` as a compressed PNG to `path` (parent folders made as needed); resolves to the bytes written. */
export async function writePng(path: string, image: RgbaImage): Promise<Uint8Array> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError(`writePng: 'path' must be a non-empty string, got ${String(path)}`);
  const png = encodePngCompressed(image);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png);
  return png;
}
