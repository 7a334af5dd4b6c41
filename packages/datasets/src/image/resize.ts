// Bilinear resize of an RGB image with half-pixel centres (tf.image.resizeBilinear with halfPixelCenters, OpenCV's
// INTER_LINEAR): output pixel u samples input x = (u + ½)·W/W' − ½, clamped to the edge pixels. No antialiasing: a
// strong reduction (more than ≈2×) samples rather than averages, as the authors' imresize(…, 'bilinear') with
// antialiasing off would.
import type { RgbImage } from '../sample';
import { checkImage } from './crop';
import { scaling, type PointTransform } from './transform';

interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  weight: Float64Array;
}

/** For each output index: the two input indices and the weight of the second. */
function taps(from: number, to: number): Taps {
  const lo = new Int32Array(to);
  const hi = new Int32Array(to);
  const weight = new Float64Array(to);
  const scale = from / to;
  for (let u = 0; u < to; u++) {
    const x = Math.min(Math.max((u + 0.5) * scale - 0.5, 0), from - 1);
    const x0 = Math.floor(x);
    lo[u] = x0;
    hi[u] = Math.min(x0 + 1, from - 1);
    weight[u] = x - x0;
  }
  return { lo, hi, weight };
}

/** `image` resized to `width × height`, and the map from its coordinates to the result's. */
export function resizeBilinear(image: RgbImage, width: number, height: number): { image: RgbImage; transform: PointTransform } {
  checkImage(image, 'resizeBilinear: input');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`resizeBilinear: output size must be positive integers, got ${width}×${height}`);
  }
  const transform = scaling(image.width, image.height, width, height);
  if (width === image.width && height === image.height) return { image: { width, height, data: image.data.slice() }, transform };
  const cols = taps(image.width, width);
  const rows = taps(image.height, height);
  const src = image.data;
  const stride = image.width * 3;
  const data = new Uint8Array(width * height * 3);
  let o = 0;
  for (let v = 0; v < height; v++) {
    const top = rows.lo[v] * stride;
    const bottom = rows.hi[v] * stride;
    const wy = rows.weight[v];
    for (let u = 0; u < width; u++) {
      const left = cols.lo[u] * 3;
      const right = cols.hi[u] * 3;
      const wx = cols.weight[u];
      for (let c = 0; c < 3; c++) {
        const a = src[top + left + c] + (src[top + right + c] - src[top + left + c]) * wx;
        const b = src[bottom + left + c] + (src[bottom + right + c] - src[bottom + left + c]) * wx;
        data[o++] = Math.round(a + (b - a) * wy);
      }
    }
  }
  return { image: { width, height, data }, transform };
}
