// The grid of each filter's top-activating images with the peak marked: one row per filter, one column per image
// (highest score first), every image scaled to one tile size and its peak (in input pixels) drawn as a ring.
import type { Point } from '../types';
import { assertArray, assertNumber } from '../validate';
import { drawMarker } from './drawMarker';
import { resizeImage } from './resizeImage';
import { assertRgbaImage, createRgbaImage, type RgbaImage } from './rgbaImage';

export interface PeakTile {
  /** The network input the filter saw (any size; the peak is in its pixels). */
  image: RgbaImage;
  /** The peak's receptive-field centre [x, y] in `image`'s pixels, or null for no marker. */
  peak: Point | null;
}

export interface PeakGridOptions {
  /** rows[f] = filter f's tiles, best first; rows may be shorter than the longest (blank cells). */
  rows: readonly (readonly PeakTile[])[];
  /** Tile side in pixels; default 96. */
  tile?: number;
  /** Gap between tiles in pixels; default 4. */
  gap?: number;
}

export function peakGrid(options: PeakGridOptions): RgbaImage {
  const fn = 'peakGrid';
  assertArray(fn, 'rows', options.rows);
  const tile = options.tile ?? 96;
  const gap = options.gap ?? 4;
  assertNumber(fn, 'tile', tile, (v) => Number.isInteger(v) && v >= 4, 'an integer ≥ 4');
  assertNumber(fn, 'gap', gap, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  const columns = Math.max(1, ...options.rows.map((row) => row.length));
  const rows = Math.max(1, options.rows.length);
  const grid = createRgbaImage(gap + columns * (tile + gap), gap + rows * (tile + gap), [240, 240, 240, 255]);
  options.rows.forEach((row, r) => {
    assertArray(fn, `rows[${r}]`, row);
    row.forEach((cell, c) => {
      assertRgbaImage(fn, `rows[${r}][${c}].image`, cell?.image);
      const scaled = resizeImage(cell.image, tile, tile);
      if (cell.peak !== null) {
        const sx = tile / cell.image.width;
        const sy = tile / cell.image.height;
        // Pixel centres at indices: a point p maps to (p + 0.5)·scale − 0.5.
        drawMarker(scaled, [(cell.peak[0] + 0.5) * sx - 0.5, (cell.peak[1] + 0.5) * sy - 0.5]);
      }
      const x0 = gap + c * (tile + gap);
      const y0 = gap + r * (tile + gap);
      for (let y = 0; y < tile; y++) grid.data.set(scaled.data.subarray(y * tile * 4, (y + 1) * tile * 4), ((y0 + y) * grid.width + x0) * 4);
    });
  });
  return grid;
}
