// Node-only entry point ('@icnn/datasets/node'): adapters that read the file system (and h5wasm for MATLAB v7.3).
export { loadIlsvrcAnimalPart, ILSVRC_ANIMAL_PART_LANDMARKS, ILSVRC_ANIMAL_PART_WNIDS } from './node/ilsvrcAnimalPart';
export type { IlsvrcAnimalPartOptions } from './node/ilsvrcAnimalPart';
export { loadNegatives } from './node/negatives';
export type { NegativesOptions } from './node/negatives';
export { readJpegSize } from './node/jpegSize';
export type { ImageSize } from './node/jpegSize';
export { resolveInside } from './node/safePath';
export { decodeImage } from './node/decodeImage';
export { createCropCache } from './node/cropCache';
export type { CachedCrop, CropCache, CropCacheKey } from './node/cropCache';
export { createFileCropLoader } from './node/fileCropLoader';
export type { FileCropLoader, FileCropLoaderOptions, FileCropLoaderStats, SkippedSample } from './node/fileCropLoader';
