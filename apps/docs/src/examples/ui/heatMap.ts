// An n×n map as a square heat-map picture, through the metrics package's renderer: the map sits on a blank image of
// `side` pixels whose cells are side/n pixels apart (the geometry a layer with that stride would have).
import { createRgbaImage, drawMarker, heatMapOverlay, type RgbaImage } from '@icnn/metrics/render';

export interface MapPictureOptions {
  /** Value range mapped to the colour scale; default the map's [min, max]. */
  range?: readonly [number, number];
  /** A cell [row, column] to ring (a peak). */
  marker?: readonly [number, number] | null;
}

/** Pixel centre of a cell index along one axis. */
export function cellCentrePixel(index: number, n: number, side: number): number {
  const stride = side / n;
  return (stride - 1) / 2 + index * stride;
}

export function mapPicture(values: ArrayLike<number>, n: number, side: number, options: MapPictureOptions = {}): RgbaImage {
  const stride = side / n;
  const picture = heatMapOverlay({
    image: createRgbaImage(side, side),
    map: values,
    mapShape: [n, n],
    receptiveField: { stride, centre: (stride - 1) / 2 },
    alpha: 1,
    ...(options.range ? { range: options.range } : {}),
  });
  if (options.marker) drawMarker(picture, [cellCentrePixel(options.marker[1], n, side), cellCentrePixel(options.marker[0], n, side)]);
  return picture;
}
