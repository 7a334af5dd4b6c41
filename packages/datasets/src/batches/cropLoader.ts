// What the batch iterator asks of an image source: a sample's box crop at the input size (not mirrored; the iterator
// mirrors flipped copies) and the map from image pixels to it. In memory here; from files, with a disk cache, in
// '@icnn/datasets/node' (createFileCropLoader).
import { cropToInput, type InputSize } from '../image/cropToInput';
import type { PointTransform } from '../image/transform';
import type { RgbImage, Sample } from '../sample';

export interface LoadedCrop {
  /** The box crop resized to the input size, not mirrored. */
  image: RgbImage;
  /** Image pixels → input pixels, not mirrored. */
  transform: PointTransform;
}

/** Loads one sample's crop; resolves to null when the sample was skipped (a loader's `skipBad`). */
export type CropLoader = (sample: Sample) => Promise<LoadedCrop | null>;

/** A loader for samples whose image is in memory (PartWorld, crops); a file sample is an error naming it. */
export function memoryCropLoader(size: InputSize): CropLoader {
  return async (sample) => {
    if (sample.image === undefined) {
      throw new Error(`sample ${sample.id}: image is a file (${sample.imagePath}); file samples need createFileCropLoader (@icnn/datasets/node)`);
    }
    const { image, transform } = cropToInput(sample.image, { id: sample.id, bbox: sample.bbox, landmarks: {} }, size);
    return { image, transform };
  };
}
