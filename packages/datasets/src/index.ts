// Browser-safe entry point: types, PartWorld, mask helpers. File-system adapters live in '@icnn/datasets/node'.
export type { BoundingBox, FileSample, Landmark, MemorySample, PartMask, RgbImage, Sample } from './sample';
export { maskArea, maskContains, maskFromLabels, maskToImage } from './partMask';
export { partWorld } from './partWorld/partWorld';
export type { PartWorld, PartWorldCategory, PartWorldOptions, PartWorldSample } from './partWorld/partWorld';
// Image ops on RgbImage (pure TypeScript): crops, resize, flips, transforms that carry landmarks and masks.
export { IDENTITY, applyTransform, composeTransforms, invertTransform, mirror, scaling, transformLandmarks, translation } from './image/transform';
export type { PointTransform } from './image/transform';
export { checkImage, clampBox, cropImage } from './image/crop';
export { decodeImageInBrowser } from './image/decodeImageInBrowser';
export type { PixelBox } from './image/crop';
export { resizeBilinear } from './image/resize';
export { flipHorizontal } from './image/flip';
export { transformMask } from './image/maskTransform';
export { cropToInput, cropTransform, landmarksToImage, maskToImageFrame } from './image/cropToInput';
export type { CropOptions, CropSource, CroppedSample, InputSize } from './image/cropToInput';
export { createMeanAccumulator, meanImage } from './image/meanImage';
export type { MeanAccumulator } from './image/meanImage';
export { normalizeImages, normalizeInto } from './image/normalize';
// Training sets (SPEC §4) and their mini-batches.
export type { DataSet, SetItem, SetSplit, SplitMethod } from './sets/dataSet';
export { singleCategorySet } from './sets/singleCategorySet';
export type { SingleCategorySetOptions } from './sets/singleCategorySet';
export { multiCategorySet } from './sets/multiCategorySet';
export type { MultiCategorySetOptions } from './sets/multiCategorySet';
export { setMean } from './sets/setMean';
export { jitterBox, jitterSplit, SHIFTED_EVALUATION } from './sets/jitterBox';
export type { BoxJitter } from './sets/jitterBox';
export type { SetMeanOptions } from './sets/setMean';
export { memoryCropLoader } from './batches/cropLoader';
export type { CropLoader, LoadedCrop } from './batches/cropLoader';
export { batches } from './batches/batches';
export { batchLandmarks, batchPartMasks } from './batches/batchAnnotations';
export type { Batch, BatchOptions } from './batches/batches';
