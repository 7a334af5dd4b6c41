// Network input: images minus the per-pixel mean, as float32 NHWC (pixel values stay on the 0–255 scale, as in
// MatConvNet; the backbones' own preprocessing is the mean subtraction).
import type { RgbImage } from '../sample';
import { checkImage } from './crop';

/**
 * Writes `image − mean` into `out` at image slot `index` (NHWC, each slot H·W·3 floats). `mean` is HWC float32 of
 * the same size, or omitted for no subtraction. Returns `out`.
 */
export function normalizeInto(out: Float32Array, index: number, image: RgbImage, mean?: Float32Array, where = `image ${index}`): Float32Array {
  checkImage(image, where);
  const n = image.data.length;
  if (mean !== undefined && mean.length !== n) {
    throw new Error(`${where}: ${image.width}×${image.height}×3 = ${n} values, the mean image has ${mean.length}`);
  }
  const offset = index * n;
  if (!Number.isInteger(index) || index < 0 || offset + n > out.length) {
    throw new Error(`${where}: slot ${index} of ${n} values does not fit an output of ${out.length}`);
  }
  const { data } = image;
  if (mean === undefined) for (let i = 0; i < n; i++) out[offset + i] = data[i];
  else for (let i = 0; i < n; i++) out[offset + i] = data[i] - mean[i];
  return out;
}

/** `images` (all the same size) minus `mean`, stacked as float32 NHWC `[N, H, W, 3]`. */
export function normalizeImages(images: readonly RgbImage[], mean?: Float32Array): { data: Float32Array; shape: [number, number, number, 3] } {
  if (images.length === 0) throw new Error('normalizeImages: no images');
  const { width, height } = images[0];
  const out = new Float32Array(images.length * width * height * 3);
  images.forEach((image, i) => {
    if (image.width !== width || image.height !== height) {
      throw new Error(`normalizeImages: images[${i}] is ${image.width}×${image.height}, images[0] is ${width}×${height}`);
    }
    normalizeInto(out, i, image, mean, `normalizeImages: images[${i}]`);
  });
  return { data: out, shape: [images.length, height, width, 3] };
}
