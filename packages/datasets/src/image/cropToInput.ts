// A sample's object as the network sees it: its box cropped (clamped to the image), resized to the backbone's input
// (224, 227, 64, …) and optionally mirrored, with its landmarks and part masks carried into that frame.
import type { BoundingBox, Landmark, PartMask, RgbImage } from '../sample';
import { clampBox, cropImage } from './crop';
import { flipHorizontal } from './flip';
import { transformMask } from './maskTransform';
import { resizeBilinear } from './resize';
import { composeTransforms, invertTransform, mirror, scaling, transformLandmarks, translation, type PointTransform } from './transform';

/** The network input's size in pixels. */
export interface InputSize {
  width: number;
  height: number;
}

export interface CropOptions {
  /** Mirror the crop left–right (the flipped copies of the positives). Default false. */
  flip?: boolean;
}

export interface CroppedSample {
  /** `size.width × size.height` RGB. */
  image: RgbImage;
  /** Image pixels → input pixels. Its inverse (`invertTransform`) maps points of the input back to the image. */
  transform: PointTransform;
  landmarks: Record<string, Landmark>;
  partMasks?: Record<string, PartMask>;
}

/** What cropping needs of a sample (any Sample fits). */
export interface CropSource {
  id: string;
  bbox: BoundingBox;
  landmarks: Record<string, Landmark>;
  partMasks?: Record<string, PartMask>;
}

function checkSize(size: InputSize): void {
  if (!Number.isInteger(size?.width) || !Number.isInteger(size?.height) || size.width < 1 || size.height < 1) {
    throw new Error(`input size must be positive integers { width, height }, got ${JSON.stringify(size)}`);
  }
}

/**
 * The map from image pixels to input pixels for `box` (clamped to a `imageWidth × imageHeight` image) resized to
 * `size`, mirrored when `flip`; computable without the pixels (for crops read back from a cache).
 */
export function cropTransform(box: BoundingBox, imageWidth: number, imageHeight: number, size: InputSize, flip = false, id?: string): PointTransform {
  checkSize(size);
  const { x0, y0, x1, y1 } = clampBox(box, imageWidth, imageHeight, id);
  const t = composeTransforms(translation(x0, y0), scaling(x1 - x0 + 1, y1 - y0 + 1, size.width, size.height));
  return flip ? composeTransforms(t, mirror(size.width)) : t;
}

/** The crop of `sample.bbox` from `image` at the input size, with landmarks and part masks in the input's frame. */
export function cropToInput(image: RgbImage, sample: CropSource, size: InputSize, options: CropOptions = {}): CroppedSample {
  checkSize(size);
  const cropped = cropImage(image, sample.bbox, sample.id);
  let { image: out } = resizeBilinear(cropped.image, size.width, size.height);
  if (options.flip) out = flipHorizontal(out).image;
  const transform = cropTransform(sample.bbox, image.width, image.height, size, options.flip ?? false, sample.id);
  const result: CroppedSample = { image: out, transform, landmarks: transformLandmarks(sample.landmarks, transform) };
  if (sample.partMasks) {
    result.partMasks = {};
    for (const [name, mask] of Object.entries(sample.partMasks)) result.partMasks[name] = transformMask(mask, transform, size.width, size.height);
  }
  return result;
}

/** Landmarks given in the input's frame, back in image pixels. */
export function landmarksToImage(landmarks: Record<string, Landmark>, transform: PointTransform): Record<string, Landmark> {
  return transformLandmarks(landmarks, invertTransform(transform));
}

/** A part mask given in the input's frame, back over the `imageWidth × imageHeight` image. */
export function maskToImageFrame(mask: PartMask, transform: PointTransform, imageWidth: number, imageHeight: number): PartMask {
  return transformMask(mask, invertTransform(transform), imageWidth, imageHeight);
}
