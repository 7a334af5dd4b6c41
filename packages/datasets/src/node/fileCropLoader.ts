// Crops of file samples: decode (sharp), crop the box, resize to the input, with an optional disk cache of the results
// and a `skipBad` mode that skips and counts unreadable images and bad boxes instead of throwing.
import { memoryCropLoader, type CropLoader, type LoadedCrop } from '../batches/cropLoader';
import { cropToInput, cropTransform, type InputSize } from '../image/cropToInput';
import type { FileSample, RgbImage } from '../sample';
import { createCropCache, type CropCache } from './cropCache';
import { decodeImage } from './decodeImage';

export interface FileCropLoaderOptions {
  /** The network input's size. */
  size: InputSize;
  /** Folder of the disk cache of crops (created when missing); no cache when omitted. */
  cacheDir?: string;
  /** Skip (resolve to null) and record samples whose image is missing or corrupt or whose box is bad. Default false. */
  skipBad?: boolean;
  /** Decoder (default: decodeImage, sharp). */
  decode?: (path: string) => Promise<RgbImage>;
}

export interface SkippedSample {
  id: string;
  imagePath?: string;
  reason: string;
}

export interface FileCropLoaderStats {
  /** Images decoded (cache misses). */
  decodes: number;
  /** Crops read from the disk cache. */
  cacheHits: number;
  /** Samples skipped under `skipBad`, in the order they failed (loads run concurrently). */
  skipped: SkippedSample[];
}

export interface FileCropLoader {
  load: CropLoader;
  readonly stats: FileCropLoaderStats;
  readonly cache: CropCache | null;
}

export function createFileCropLoader(options: FileCropLoaderOptions): FileCropLoader {
  const { size, skipBad = false, decode = decodeImage } = options;
  const cache = options.cacheDir === undefined ? null : createCropCache(options.cacheDir);
  const stats: FileCropLoaderStats = { decodes: 0, cacheHits: 0, skipped: [] };
  const inMemory = memoryCropLoader(size);
  // One decode per crop at a time: a sample and its flipped copy (or oversampled repeats) in flight together share it.
  const pending = new Map<string, Promise<LoadedCrop>>();

  async function fromFile(sample: FileSample): Promise<LoadedCrop> {
    const key = { imagePath: sample.imagePath, bbox: sample.bbox, width: size.width, height: size.height };
    const hit = cache === null ? null : await cache.get(key);
    if (hit !== null) {
      stats.cacheHits++;
      return { image: hit.image, transform: cropTransform(sample.bbox, hit.sourceWidth, hit.sourceHeight, size, false, sample.id) };
    }
    stats.decodes++;
    const image = await decode(sample.imagePath);
    let crop;
    try {
      crop = cropToInput(image, { id: sample.id, bbox: sample.bbox, landmarks: {} }, size);
    } catch (error) {
      throw new Error(`${sample.imagePath}: ${(error as Error).message}`);
    }
    if (cache !== null) await cache.put(key, { image: crop.image, sourceWidth: image.width, sourceHeight: image.height });
    return { image: crop.image, transform: crop.transform };
  }

  const load: CropLoader = async (sample) => {
    try {
      if (sample.image !== undefined) return await inMemory(sample);
      const { xmin, ymin, xmax, ymax } = sample.bbox;
      const id = `${sample.imagePath}|${xmin},${ymin},${xmax},${ymax}`;
      let promise = pending.get(id);
      if (promise === undefined) {
        promise = fromFile(sample).finally(() => pending.delete(id));
        pending.set(id, promise);
      }
      return await promise;
    } catch (error) {
      if (!skipBad) throw error;
      stats.skipped.push({ id: sample.id, imagePath: sample.imagePath, reason: (error as Error).message });
      return null;
    }
  };
  return { load, stats, cache };
}
