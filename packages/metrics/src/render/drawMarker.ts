// The peak marker: a ring with a centre dot at a point, drawn in place (white halo under a coloured ring, visible on
// light and dark images alike).
import type { Point } from '../types';
import type { RgbaImage } from './rgbaImage';

/** Draws a ring of `radius` pixels (default 5% of the smaller side, at least 3) centred at `at` into `image`. */
export function drawMarker(image: RgbaImage, at: Point, options: { radius?: number; colour?: readonly [number, number, number] } = {}): void {
  const radius = options.radius ?? Math.max(3, Math.min(image.width, image.height) * 0.05);
  const colour = options.colour ?? [255, 0, 200];
  const paint = (x: number, y: number, rgb: readonly [number, number, number]) => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    const p = (y * image.width + x) * 4;
    image.data[p] = rgb[0];
    image.data[p + 1] = rgb[1];
    image.data[p + 2] = rgb[2];
    image.data[p + 3] = 255;
  };
  const reach = Math.ceil(radius + 2);
  const cx = at[0];
  const cy = at[1];
  for (const [width, rgb] of [[1.6, [255, 255, 255]], [0.8, colour]] as const) {
    for (let y = Math.floor(cy - reach); y <= Math.ceil(cy + reach); y++) {
      for (let x = Math.floor(cx - reach); x <= Math.ceil(cx + reach); x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (Math.abs(d - radius) <= width || d <= width) paint(x, y, rgb);
      }
    }
  }
}
