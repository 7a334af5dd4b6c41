// A feature map brought to input pixels through the layer's receptive-field geometry: pixel (x, y) (centre at its
// index) sits at cell coordinates ((x − centre)/stride, (y − centre)/stride); the value there is the bilinear
// interpolation of the four surrounding cell values, held constant beyond the outermost cell centres.
import type { CellGeometry } from '../cellCentres';
import { assertArray, assertNumber, assertObject } from '../validate';

/** `map` h×w row-major → width·height values row-major in input pixels. */
export function upsampleMap(map: ArrayLike<number>, mapShape: readonly [number, number], geometry: CellGeometry, width: number, height: number): Float32Array {
  const fn = 'upsampleMap';
  assertArray(fn, 'mapShape', mapShape, 2, '[h, w]');
  const [h, w] = mapShape;
  assertNumber(fn, 'mapShape[0]', h, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'mapShape[1]', w, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertArray(fn, 'map', map, h * w, `h·w = ${h}·${w}`);
  assertObject(fn, 'geometry', geometry, '{ stride, centre }');
  assertNumber(fn, 'geometry.stride', geometry.stride, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  assertNumber(fn, 'geometry.centre', geometry.centre, Number.isFinite, 'a finite number');
  assertNumber(fn, 'width', width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'height', height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const out = new Float32Array(width * height);
  const axis = (p: number, cells: number): [number, number, number] => {
    const u = Math.min(cells - 1, Math.max(0, (p - geometry.centre) / geometry.stride));
    const i0 = Math.min(cells - 1, Math.floor(u));
    const i1 = Math.min(cells - 1, i0 + 1);
    return [i0, i1, u - i0];
  };
  const columns = Array.from({ length: width }, (_, x) => axis(x, w));
  for (let y = 0; y < height; y++) {
    const [r0, r1, fy] = axis(y, h);
    for (let x = 0; x < width; x++) {
      const [c0, c1, fx] = columns[x];
      const top = map[r0 * w + c0] * (1 - fx) + map[r0 * w + c1] * fx;
      const bottom = map[r1 * w + c0] * (1 - fx) + map[r1 * w + c1] * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
