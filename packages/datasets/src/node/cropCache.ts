// A disk cache of decoded, cropped and resized images, so that later epochs and later runs do not decode again.
// Key: the image file's resolved path, mtime and byte size, the box and the output size (plus a format version).
// Entry: an 8-byte magic, four uint32 (crop width, height, source image width, height), then the RGB bytes. Entries
// are written to a temporary name and renamed, so a reader never sees half an entry; an unreadable or malformed entry
// counts as a miss and is rewritten.
import { createHash } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BoundingBox, RgbImage } from '../sample';

const MAGIC = 'ICNNRGB1';
const HEADER = 8 + 16;

/** A cached crop: the input-size image and the size of the image it was cut from (to rebuild its transform). */
export interface CachedCrop {
  image: RgbImage;
  sourceWidth: number;
  sourceHeight: number;
}

export interface CropCacheKey {
  imagePath: string;
  bbox: BoundingBox;
  width: number;
  height: number;
}

export interface CropCache {
  readonly dir: string;
  /** The entry for `key`, or null (absent, stale because the file changed, or malformed). */
  get(key: CropCacheKey): Promise<CachedCrop | null>;
  put(key: CropCacheKey, crop: CachedCrop): Promise<void>;
}

/** The cache file name of `key` (hash of path, mtime, file size, box and output size); stats the image file. */
function entryName(key: CropCacheKey): string {
  const path = resolve(key.imagePath);
  const { mtimeMs, size } = statSync(path);
  const { xmin, ymin, xmax, ymax } = key.bbox;
  const text = JSON.stringify([1, path, mtimeMs, size, xmin, ymin, xmax, ymax, key.width, key.height]);
  return createHash('sha256').update(text).digest('hex');
}

/** A crop cache in folder `dir` (created when missing). */
export function createCropCache(dir: string): CropCache {
  const root = resolve(dir);
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new Error(`${root}: cannot create the crop cache folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const pathOf = (name: string): string => join(root, name.slice(0, 2), `${name}.rgb`);
  return {
    dir: root,
    async get(key) {
      let name: string;
      try {
        name = entryName(key);
      } catch {
        return null; // the image itself is missing: let the decoder report it
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(name));
      } catch {
        return null;
      }
      if (bytes.length < HEADER || bytes.toString('latin1', 0, 8) !== MAGIC) return null;
      const width = bytes.readUInt32LE(8);
      const height = bytes.readUInt32LE(12);
      if (width !== key.width || height !== key.height || bytes.length !== HEADER + width * height * 3) return null;
      const data = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER, width * height * 3);
      return { image: { width, height, data }, sourceWidth: bytes.readUInt32LE(16), sourceHeight: bytes.readUInt32LE(20) };
    },
    async put(key, crop) {
      const path = pathOf(entryName(key));
      mkdirSync(join(path, '..'), { recursive: true });
      const header = Buffer.alloc(HEADER);
      header.write(MAGIC, 0, 'latin1');
      header.writeUInt32LE(crop.image.width, 8);
      header.writeUInt32LE(crop.image.height, 12);
      header.writeUInt32LE(crop.sourceWidth, 16);
      header.writeUInt32LE(crop.sourceHeight, 20);
      const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temp, Buffer.concat([header, crop.image.data]));
      await rename(temp, path);
    },
  };
}
