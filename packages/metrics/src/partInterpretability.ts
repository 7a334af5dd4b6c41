// Part interpretability (paper §5.2.1 after Bau et al. 2017, SPEC §6; higher is better): how often a filter's
// strongest activations cover an annotated part. No reference code exists; every choice is stated below.
import type { CellGeometry } from './cellCentres';
import { quantileThreshold } from './quantileThreshold';
import { argmaxFinite, meanOfFinite } from './statistics';
import { assertArray, assertNumber, assertObject, describe, isArrayLike } from './validate';

export interface PartInterpretabilityInput {
  /**
   * [F][I]: filter f's map on image I, n×n row-major (index i·n + j, row i, column j), after ReLU and mask — e.g.
   * `Float32Array`s read from an NHWC batch. Every map has the same n.
   */
  maps: readonly (readonly ArrayLike<number>[])[];
  /** Cell → pixel geometry of the layer: cell (i, j) is centred at (centre + j·stride, centre + i·stride). */
  receptiveField: CellGeometry;
  /**
   * [I][P]: part p's binary mask on image I, `width·height` bytes row-major (index y·width + x, non-zero = part), or
   * null when the part is absent. An all-zero mask also counts as absent.
   */
  partMasks: readonly (readonly (Uint8Array | null)[])[];
  /** Mask size in pixels of the network input (the frame of `receptiveField`). */
  width: number;
  height: number;
  /** Radius in pixels of the round region each active cell stands for; default stride/√π (see below). */
  radius?: number;
  /** Activation quantile of the threshold; default 0.995 (p(x > T_f) = 0.005). */
  quantile?: number;
  /** Per-filter thresholds [F] to use instead of the quantile (e.g. computed on a larger set). */
  thresholds?: ArrayLike<number>;
  /** A filter matches a part on an image when IoU > this; default 0.2. */
  iouThreshold?: number;
}

export interface PartInterpretability {
  /** Mean of `perFilter` over the filters with a value; NaN when none has. */
  value: number;
  /** P_f = max_k P_{f,k}; NaN when no part appears in any image. */
  perFilter: number[];
  /** P_{f,k} [F][P]: share of the images containing part k on which filter f matches it (NaN: part never present). */
  perFilterPart: number[][];
  /** Mean IoU [F][P] over the images containing part k. */
  perFilterPartIoU: number[][];
  /** argmax_k P_{f,k} (first on ties; −1 when none). */
  bestPart: number[];
  /** T_f per filter. */
  thresholds: number[];
  /** How many images contain each part. */
  partImages: number[];
}

/**
 * Part interpretability with these choices (the paper and SPEC leave them open):
 * - Threshold: T_f is an order statistic of all n²·I cells of filter f's maps, the smallest value with at most
 *   0.5 % of cells strictly above it (see `quantileThreshold`); a cell is active when x > T_f. One threshold per
 *   filter over the whole set, as in NetDissect.
 * - Region: each active cell (i, j) stands for a disc of `radius` pixels about its receptive-field centre
 *   (paper footnote 5: the receptive field, not an up-sampled map); pixel (x, y) — coordinate = pixel index, the
 *   convention of `centre` — is inside when (x − cx)² + (y − cy)² ≤ radius². The union over the active cells,
 *   clipped to the image, is S_f^I. The default radius stride/√π gives each disc the area of one cell (stride²), so
 *   a region covers about as much image as nearest-neighbour up-sampling would, and discs of neighbouring cells
 *   overlap (2·0.564·stride > stride): contiguous active cells form one region. The theoretical receptive field of a
 *   top conv layer spans most of the input and would make every IoU about the same; pass `radius` to study that.
 * - IoU = |S_f^I ∩ S_k^I| / |S_f^I ∪ S_k^I| in pixels; no active cell on the image gives IoU = 0.
 * - Match: IoU > `iouThreshold` (0.2, strict). P_{f,k} = matches / images containing part k; P_f = max_k P_{f,k};
 *   result = mean over filters. Images without part k do not count for it (they cannot be a miss).
 */
export function partInterpretability(input: PartInterpretabilityInput): PartInterpretability {
  const fn = 'partInterpretability';
  assertObject(fn, 'input', input, '{ maps, receptiveField, partMasks, width, height, radius?, quantile?, thresholds?, iouThreshold? }');
  const { maps, partMasks, width, height } = input;
  assertNumber(fn, 'width', width, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(fn, 'height', height, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertObject(fn, 'receptiveField', input.receptiveField, '{ stride, centre }');
  const { stride, centre } = input.receptiveField;
  assertNumber(fn, 'receptiveField.stride', stride, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  assertNumber(fn, 'receptiveField.centre', centre, Number.isFinite, 'a finite number');
  const radius = input.radius ?? stride / Math.sqrt(Math.PI);
  assertNumber(fn, 'radius', radius, (v) => Number.isFinite(v) && v > 0, 'a positive number');
  const quantile = input.quantile ?? 0.995;
  assertNumber(fn, 'quantile', quantile, (v) => v > 0 && v < 1, 'in (0, 1)');
  const iouThreshold = input.iouThreshold ?? 0.2;
  assertNumber(fn, 'iouThreshold', iouThreshold, (v) => v >= 0 && v < 1, 'in [0, 1)');

  assertArray(fn, 'partMasks', partMasks);
  assertArray(fn, 'maps', maps);
  const images = partMasks.length;
  const parts = images > 0 && isArrayLike(partMasks[0]) ? partMasks[0].length : 0;
  const pixels = width * height;
  const partArea = new Float64Array(images * parts);
  const partImages = new Array<number>(parts).fill(0);
  for (let i = 0; i < images; i++) {
    assertArray(fn, `partMasks[${i}]`, partMasks[i], parts, 'P, the length of partMasks[0]');
    for (let k = 0; k < parts; k++) {
      const mask = partMasks[i][k];
      if (mask === null) continue;
      if (!(mask instanceof Uint8Array)) throw new TypeError(`${fn}: 'partMasks[${i}][${k}]' must be a Uint8Array or null, got ${describe(mask)}`);
      if (mask.length !== pixels) {
        throw new RangeError(`${fn}: 'partMasks[${i}][${k}]' has ${mask.length} pixels, expected width·height = ${width}·${height} = ${pixels}`);
      }
      let area = 0;
      for (let p = 0; p < pixels; p++) if (mask[p] !== 0) area++;
      partArea[i * parts + k] = area;
      if (area > 0) partImages[k]++;
    }
  }

  const filters = maps.length;
  let side = -1;
  for (let f = 0; f < filters; f++) {
    assertArray(fn, `maps[${f}]`, maps[f], images, 'one map per image, as partMasks');
    for (let i = 0; i < images; i++) {
      const map = maps[f][i];
      assertArray(fn, `maps[${f}][${i}]`, map);
      if (side < 0) {
        side = Math.round(Math.sqrt(map.length));
        if (side * side !== map.length || side === 0) throw new RangeError(`${fn}: 'maps[${f}][${i}]' has ${map.length} values, not a square n×n map`);
      } else if (map.length !== side * side) {
        throw new RangeError(`${fn}: 'maps[${f}][${i}]' has ${map.length} values, expected ${side}×${side} = ${side * side} as maps[0][0]`);
      }
    }
  }
  let thresholds: number[];
  if (input.thresholds !== undefined) {
    assertArray(fn, 'thresholds', input.thresholds, filters, 'one per filter, as maps');
    thresholds = Array.from(input.thresholds, (t, f) => {
      assertNumber(fn, `thresholds[${f}]`, t, Number.isFinite, 'a finite number');
      return t;
    });
  } else {
    thresholds = [];
    for (let f = 0; f < filters; f++) thresholds.push(filterThreshold(fn, maps[f], side * side, quantile, f));
  }

  // Discs: the pixel offsets inside a disc depend on the centre's sub-pixel phase, which is the same for every cell
  // only when centre and stride are integers; rasterise each disc directly (bounding box, then the distance test).
  const stamp = new Int32Array(pixels);
  let currentStamp = 0;
  const r2 = radius * radius;
  const perFilterPart: number[][] = [];
  const perFilterPartIoU: number[][] = [];
  const intersection = new Float64Array(parts);
  for (let f = 0; f < filters; f++) {
    const matches = new Float64Array(parts);
    const iouSum = new Float64Array(parts);
    const threshold = thresholds[f];
    for (let i = 0; i < images; i++) {
      const map = maps[f][i];
      currentStamp++;
      intersection.fill(0);
      let area = 0;
      for (let cell = 0; cell < map.length; cell++) {
        if (!(map[cell] > threshold)) continue;
        const cx = centre + (cell % side) * stride;
        const cy = centre + Math.floor(cell / side) * stride;
        const x0 = Math.max(0, Math.ceil(cx - radius));
        const x1 = Math.min(width - 1, Math.floor(cx + radius));
        const y0 = Math.max(0, Math.ceil(cy - radius));
        const y1 = Math.min(height - 1, Math.floor(cy + radius));
        for (let y = y0; y <= y1; y++) {
          const dy = y - cy;
          for (let x = x0; x <= x1; x++) {
            const dx = x - cx;
            if (dx * dx + dy * dy > r2) continue;
            const p = y * width + x;
            if (stamp[p] === currentStamp) continue;
            stamp[p] = currentStamp;
            area++;
            for (let k = 0; k < parts; k++) {
              const mask = partMasks[i][k];
              if (mask !== null && mask[p] !== 0) intersection[k]++;
            }
          }
        }
      }
      for (let k = 0; k < parts; k++) {
        const partPixels = partArea[i * parts + k];
        if (partPixels === 0) continue;
        const iou = intersection[k] / (area + partPixels - intersection[k]);
        iouSum[k] += iou;
        if (iou > iouThreshold) matches[k]++;
      }
    }
    perFilterPart.push(Array.from(matches, (m, k) => (partImages[k] > 0 ? m / partImages[k] : NaN)));
    perFilterPartIoU.push(Array.from(iouSum, (s, k) => (partImages[k] > 0 ? s / partImages[k] : NaN)));
  }
  const bestPart = perFilterPart.map((row) => argmaxFinite(row));
  const perFilter = perFilterPart.map((row, f) => (bestPart[f] < 0 ? NaN : row[bestPart[f]]));
  return { value: meanOfFinite(perFilter), perFilter, perFilterPart, perFilterPartIoU, bestPart, thresholds, partImages };
}

function filterThreshold(fn: string, maps: readonly ArrayLike<number>[], cells: number, quantile: number, filter: number): number {
  const all = new Float64Array(maps.length * cells);
  maps.forEach((map, i) => {
    for (let c = 0; c < cells; c++) {
      const v = map[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${fn}: 'maps[${filter}][${i}][${c}]' must be a finite number, got ${describe(v)}`);
      all[i * cells + c] = v;
    }
  });
  return quantileThreshold(all, quantile);
}
