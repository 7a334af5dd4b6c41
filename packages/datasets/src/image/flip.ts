// Horizontal flip (mirror left–right) of an RGB image.
import type { RgbImage } from '../sample';
import { checkImage } from './crop';
import { mirror, type PointTransform } from './transform';

/** `image` mirrored left–right, and the map from its coordinates to the result's (x' = W − 1 − x). */
export function flipHorizontal(image: RgbImage): { image: RgbImage; transform: PointTransform } {
  checkImage(image, 'flipHorizontal: input');
  const { width, height, data: src } = image;
  const data = new Uint8Array(src.length);
  for (let r = 0; r < height; r++) {
    const row = r * width * 3;
    for (let c = 0; c < width; c++) {
      const from = row + c * 3;
      const to = row + (width - 1 - c) * 3;
      data[to] = src[from];
      data[to + 1] = src[from + 1];
      data[to + 2] = src[from + 2];
    }
  }
  return { image: { width, height, data }, transform: mirror(width) };
}
