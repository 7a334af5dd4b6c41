// The one shape every dataset adapter returns (SPEC §8).
//
// Coordinates: image pixels, 0-based, at pixel centres: pixel (column c, row r) covers [c − ½, c + ½] × [r − ½, r + ½]
// and the image spans [−½, W − ½] × [−½, H − ½]. Boxes are inclusive: `xmax` is the centre of the last column.
// Sources that count from 1 (MATLAB) are shifted by −1 on load.

/** An axis-aligned box in image pixels (inclusive, 0-based pixel centres). */
export interface BoundingBox {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** A landmark `[x, y]` in image pixels, or `null` when absent, invisible or invalid. */
export type Landmark = readonly [number, number] | null;

/** An RGB image in memory: `data[(row·width + column)·3 + channel]`. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A part's mask, stored over its own box to stay small: `data[(y − y0)·width + (x − x0)]` is 1 on the part,
 * 0 elsewhere, for image pixels x ∈ [x0, x0 + width), y ∈ [y0, y0 + height). An empty mask has width = height = 0.
 */
export interface PartMask {
  x0: number;
  y0: number;
  width: number;
  height: number;
  data: Uint8Array;
}

interface SampleBase {
  /** Unique within its dataset. */
  id: string;
  category: string;
  bbox: BoundingBox;
  /** Named landmarks (ILSVRC Animal-Part: 'head', 'legs'). */
  landmarks: Record<string, Landmark>;
  /** Part masks where the source has them (PartWorld, Pascal-Part), keyed like `landmarks`. */
  partMasks?: Record<string, PartMask>;
}

/** A sample whose image is a file (Node adapters). */
export interface FileSample extends SampleBase {
  imagePath: string;
  image?: undefined;
}

/** A sample whose image is in memory (PartWorld, crops). */
export interface MemorySample extends SampleBase {
  image: RgbImage;
  imagePath?: undefined;
}

export type Sample = FileSample | MemorySample;
