// Helpers on part masks stored over their own box (see PartMask).
import type { PartMask } from './sample';

/** Whether image pixel (x, y) (rounded to the nearest pixel) lies on the mask. */
export function maskContains(mask: PartMask, x: number, y: number): boolean {
  const c = Math.round(x) - mask.x0;
  const r = Math.round(y) - mask.y0;
  if (c < 0 || r < 0 || c >= mask.width || r >= mask.height) return false;
  return mask.data[r * mask.width + c] === 1;
}

/** Number of pixels on the mask. */
export function maskArea(mask: PartMask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) n += mask.data[i];
  return n;
}

/** The mask as a full `height × width` image of 0/1 (row-major). */
export function maskToImage(mask: PartMask, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let r = 0; r < mask.height; r++) {
    const y = r + mask.y0;
    if (y < 0 || y >= height) continue;
    for (let c = 0; c < mask.width; c++) {
      const x = c + mask.x0;
      if (x >= 0 && x < width && mask.data[r * mask.width + c] === 1) out[y * width + x] = 1;
    }
  }
  return out;
}

/** The tight mask of the pixels of `labels` (row-major, `width` wide) equal to `label`. */
export function maskFromLabels(labels: Uint8Array, width: number, height: number, label: number): PartMask {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (labels[y * width + x] !== label) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return { x0: 0, y0: 0, width: 0, height: 0, data: new Uint8Array(0) };
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const data = new Uint8Array(w * h);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) if (labels[y * width + x] === label) data[(y - y0) * w + (x - x0)] = 1;
  }
  return { x0, y0, width: w, height: h, data };
}
