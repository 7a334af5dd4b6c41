// Axis-aligned affine maps between pixel frames (x' = sx·x + tx, y' = sy·y + ty), in the package's 0-based
// pixel-centre coordinates (see sample.ts). Crops, resizes and flips are all of this form, so a chain of them is one
// map, invertible exactly (up to float rounding): landmarks go into the network input's frame and back.
import type { Landmark } from '../sample';

export interface PointTransform {
  sx: number;
  tx: number;
  sy: number;
  ty: number;
}

export const IDENTITY: PointTransform = { sx: 1, tx: 0, sy: 1, ty: 0 };

/** Applies `t` to the point (x, y). */
export function applyTransform(t: PointTransform, x: number, y: number): [number, number] {
  return [t.sx * x + t.tx, t.sy * y + t.ty];
}

/** The map that undoes `t`. */
export function invertTransform(t: PointTransform): PointTransform {
  if (t.sx === 0 || t.sy === 0 || !Number.isFinite(t.sx) || !Number.isFinite(t.sy)) {
    throw new Error(`invertTransform: not invertible: ${JSON.stringify(t)}`);
  }
  return { sx: 1 / t.sx, tx: -t.tx / t.sx, sy: 1 / t.sy, ty: -t.ty / t.sy };
}

/** `first`, then `second`. */
export function composeTransforms(first: PointTransform, second: PointTransform): PointTransform {
  return { sx: second.sx * first.sx, tx: second.sx * first.tx + second.tx, sy: second.sy * first.sy, ty: second.sy * first.ty + second.ty };
}

/** Moves the origin to pixel (x0, y0): the frame of a crop whose top-left pixel is (x0, y0). */
export function translation(x0: number, y0: number): PointTransform {
  return { sx: 1, tx: -x0, sy: 1, ty: -y0 };
}

/**
 * Scaling of a `fromWidth × fromHeight` image to `toWidth × toHeight` with pixel areas aligned (half-pixel centres,
 * as tf.image.resizeBilinear with halfPixelCenters and MATLAB's imresize): the image edges −½ and W − ½ map onto
 * each other, so u = (x + ½)·toWidth/fromWidth − ½.
 */
export function scaling(fromWidth: number, fromHeight: number, toWidth: number, toHeight: number): PointTransform {
  const sx = toWidth / fromWidth;
  const sy = toHeight / fromHeight;
  return { sx, tx: sx / 2 - 0.5, sy, ty: sy / 2 - 0.5 };
}

/** Mirror left–right within an image `width` pixels wide: x' = width − 1 − x. */
export function mirror(width: number): PointTransform {
  return { sx: -1, tx: width - 1, sy: 1, ty: 0 };
}

/** Each landmark mapped by `t` (absent ones stay null). */
export function transformLandmarks(landmarks: Record<string, Landmark>, t: PointTransform): Record<string, Landmark> {
  const out: Record<string, Landmark> = {};
  for (const [name, point] of Object.entries(landmarks)) out[name] = point === null ? null : applyTransform(t, point[0], point[1]);
  return out;
}
