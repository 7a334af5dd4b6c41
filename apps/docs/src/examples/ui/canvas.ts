// Putting the render step's RGBA images (@icnn/metrics/render) on a canvas.
import type { RgbaImage } from '@icnn/metrics/render';

/** Resizes `canvas` to the image and draws it (ImageData has the same layout as RgbaImage). */
export function drawImage(canvas: HTMLCanvasElement, image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('drawImage: this browser gives no 2D canvas context');
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
}

/** The map cell [row, column] under a pointer event on a canvas showing an n×n map (any CSS size). */
export function cellAt(canvas: HTMLCanvasElement, event: MouseEvent, n: number): [number, number] {
  const box = canvas.getBoundingClientRect();
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  return [clamp((event.clientY - box.top) / box.height), clamp((event.clientX - box.left) / box.width)];
}
