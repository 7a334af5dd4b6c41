// A filter's activation heat map over an image: the map up-sampled through the receptive-field geometry, coloured
// by `colormap`, alpha-blended over the image.
import type { CellGeometry } from '../cellCentres';
import { assertNumber, describe } from '../validate';
import { colormap } from './colormap';
import { assertRgbaImage, type RgbaImage } from './rgbaImage';
import { upsampleMap } from './upsampleMap';

export interface HeatMapOptions {
  /** The picture (network-input pixels, the frame of `geometry`). */
  image: RgbaImage;
  /** The filter's h×w map, row-major. */
  map: ArrayLike<number>;
  mapShape: readonly [number, number];
  receptiveField: CellGeometry;
  /** Value range mapped to the colour scale; default [min, max] of the map (a flat map shows the lowest colour). */
  range?: readonly [number, number];
  /** Opacity of the heat colour, 0…1; default 0.5. */
  alpha?: number;
  /** Scale each pixel's opacity by its normalised value, so that the image shows through where the filter is quiet. */
  alphaByValue?: boolean;
}

/** A new image: `image` blended with the coloured map (result opaque where the image is). */
export function heatMapOverlay(options: HeatMapOptions): RgbaImage {
  const fn = 'heatMapOverlay';
  assertRgbaImage(fn, 'image', options.image);
  const { image } = options;
  const alpha = options.alpha ?? 0.5;
  assertNumber(fn, 'alpha', alpha, (v) => v >= 0 && v <= 1, 'in [0, 1]');
  const values = upsampleMap(options.map, options.mapShape, options.receptiveField, image.width, image.height);
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (options.range === undefined) {
    for (let c = 0; c < options.map.length; c++) {
      lo = Math.min(lo, options.map[c]);
      hi = Math.max(hi, options.map[c]);
    }
  } else if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) {
    throw new RangeError(`${fn}: 'range' must be finite [lo, hi] with hi ≥ lo, got ${describe(options.range)}`);
  }
  const span = hi > lo ? hi - lo : 1;
  const data = new Uint8ClampedArray(image.data.length);
  for (let p = 0; p < values.length; p++) {
    const t = (values[p] - lo) / span;
    const colour = colormap(t);
    const a = options.alphaByValue ? alpha * Math.min(1, Math.max(0, t)) : alpha;
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round((1 - a) * image.data[p * 4 + c] + a * colour[c]);
    data[p * 4 + 3] = image.data[p * 4 + 3];
  }
  return { width: image.width, height: image.height, data };
}
