// The per-pixel mean image of a set (what the authors subtract: MatConvNet's dataMean over the training images).
import type { RgbImage } from '../sample';
import { checkImage } from './crop';

export interface MeanAccumulator {
  /** Adds one image; `where` names it in errors (sample id or index). */
  add(image: RgbImage, where?: string): void;
  /** Number of images added. */
  readonly count: number;
  /** The mean, `height × width × 3` (HWC) float32. Throws when no image was added. */
  mean(): Float32Array;
}

/** A running per-pixel mean over images of one size (sums in float64: exact for any realistic count). */
export function createMeanAccumulator(width: number, height: number): MeanAccumulator {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`createMeanAccumulator: size must be positive integers, got ${width}×${height}`);
  }
  const sum = new Float64Array(width * height * 3);
  let count = 0;
  return {
    add(image, where = `image ${count}`) {
      checkImage(image, where);
      if (image.width !== width || image.height !== height) {
        throw new Error(`${where}: is ${image.width}×${image.height}, the mean image is ${width}×${height}`);
      }
      const { data } = image;
      for (let i = 0; i < data.length; i++) sum[i] += data[i];
      count++;
    },
    get count() {
      return count;
    },
    mean() {
      if (count === 0) throw new Error('mean image of an empty set');
      const out = new Float32Array(sum.length);
      for (let i = 0; i < sum.length; i++) out[i] = sum[i] / count;
      return out;
    },
  };
}

/** The per-pixel mean of `images` (all the same size), HWC float32. */
export function meanImage(images: readonly RgbImage[]): Float32Array {
  if (images.length === 0) throw new Error('meanImage: no images');
  checkImage(images[0], 'meanImage: images[0]');
  const accumulator = createMeanAccumulator(images[0].width, images[0].height);
  images.forEach((image, i) => accumulator.add(image, `meanImage: images[${i}]`));
  return accumulator.mean();
}
