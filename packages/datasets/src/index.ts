// Browser-safe entry point: types, PartWorld, mask helpers. File-system adapters live in '@icnn/datasets/node'.
export type { BoundingBox, FileSample, Landmark, MemorySample, PartMask, RgbImage, Sample } from './sample';
export { maskArea, maskContains, maskFromLabels, maskToImage } from './partMask';
export { partWorld } from './partWorld/partWorld';
export type { PartWorld, PartWorldCategory, PartWorldOptions, PartWorldSample } from './partWorld/partWorld';
