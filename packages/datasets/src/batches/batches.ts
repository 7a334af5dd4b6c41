// Mini-batches of a split: crops (from a CropLoader: memory, or files with a disk cache), mirrored where the item says,
// minus the mean image, as float32 NHWC, with ±1 labels per category and class indices. Batches ahead of the one the
// consumer holds are prepared in the background, at most `prefetch` of them, so memory stays bounded.
import { flipHorizontal } from '../image/flip';
import type { InputSize } from '../image/cropToInput';
import { normalizeInto } from '../image/normalize';
import { composeTransforms, mirror, type PointTransform } from '../image/transform';
import { createRandom, mixSeed } from '@icnn/random';
import type { SetItem, SetSplit } from '../sets/dataSet';
import type { CropLoader } from './cropLoader';
import { mapLimit } from './mapLimit';

export interface BatchOptions {
  batchSize: number;
  /** Loads each sample's crop at `size`. */
  load: CropLoader;
  /** The network input's size (the loader's). */
  size: InputSize;
  /** Per-pixel mean image (HWC float32, e.g. from setMean) subtracted from every image; none when omitted. */
  mean?: Float32Array;
  /** Shuffle the items (from `seed` and `epoch`). Default false. */
  shuffle?: boolean;
  /** Default 0. */
  seed?: number;
  /** Epoch number, mixed into the shuffle so that each epoch has its own order. Default 0. */
  epoch?: number;
  /** Batches prepared ahead of the one being consumed, at most. Default 2. */
  prefetch?: number;
  /** Crops loaded at once within a batch. Default 8. */
  concurrency?: number;
  /** Leave out a last, smaller batch. Default false. */
  dropLast?: boolean;
}

export interface Batch {
  /** Position of the batch in this pass. */
  index: number;
  /** `[B, H, W, 3]` float32 NHWC, images minus the mean (`tf.tensor4d(images, shape)`). */
  images: Float32Array;
  shape: [number, number, number, 3];
  /** `[B, L]` row-major, +1 where the item is of category l, −1 elsewhere (logistic labels; L = categories). */
  labels: Float32Array;
  /** `[B]` class index per item, −1 for negatives (softmax labels). */
  classes: Int32Array;
  /** The items of the batch (skipped ones left out). */
  items: SetItem[];
  /** Per item: image pixels → input pixels, mirror included (map landmarks with transformLandmarks). */
  transforms: PointTransform[];
  /** Items of this batch that the loader skipped (its `skipBad`). A batch whose items were all skipped is not
   * yielded: count skips with the loader (FileCropLoader.stats). */
  skipped: number;
}

function check(options: BatchOptions): void {
  const { batchSize, prefetch = 2, size } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batches: batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(prefetch) || prefetch < 0) throw new Error(`batches: prefetch must be an integer ≥ 0, got ${prefetch}`);
  if (typeof options.load !== 'function') throw new Error('batches: load must be a CropLoader function');
  if (!Number.isInteger(size?.width) || !Number.isInteger(size?.height)) throw new Error(`batches: size must be { width, height }, got ${JSON.stringify(size)}`);
  if (options.mean !== undefined && options.mean.length !== size.width * size.height * 3) {
    throw new Error(`batches: mean has ${options.mean.length} values, the ${size.width}×${size.height} input needs ${size.width * size.height * 3}`);
  }
}

/** The order of a pass: the items' own, or shuffled from (seed, epoch). */
function passOrder(count: number, shuffle: boolean, seed: number, epoch: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (!shuffle) return order;
  const random = createRandom(mixSeed(seed, epoch, 0xba7c4));
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** One pass over `split` in mini-batches. */
export async function* batches(split: SetSplit, options: BatchOptions): AsyncGenerator<Batch> {
  check(options);
  const { batchSize, load, size, mean, shuffle = false, seed = 0, epoch = 0, prefetch = 2, concurrency = 8, dropLast = false } = options;
  const { items, categories } = split;
  const classCount = Math.max(categories.length, 1);
  items.forEach((item, i) => {
    if (!Number.isInteger(item.classIndex) || item.classIndex < -1 || item.classIndex >= classCount) {
      throw new Error(`batches: items[${i}] (${item.sample?.id}) has classIndex ${item.classIndex}, expected −1..${classCount - 1}`);
    }
  });
  const order = passOrder(items.length, shuffle, seed, epoch);
  const count = dropLast ? Math.floor(items.length / batchSize) : Math.ceil(items.length / batchSize);

  const prepare = async (index: number): Promise<Batch> => {
    const chosen = order.slice(index * batchSize, (index + 1) * batchSize).map((i) => items[i]);
    const crops = await mapLimit(chosen, concurrency, (item) => load(item.sample));
    const kept = chosen.flatMap((item, i) => (crops[i] === null ? [] : [{ item, crop: crops[i]! }]));
    const slot = size.width * size.height * 3;
    const images = new Float32Array(kept.length * slot);
    const labels = new Float32Array(kept.length * classCount).fill(-1);
    const classes = new Int32Array(kept.length);
    const transforms: PointTransform[] = [];
    kept.forEach(({ item, crop }, b) => {
      const where = `sample ${item.sample.id}`;
      if (crop.image.width !== size.width || crop.image.height !== size.height) {
        throw new Error(`${where}: the loader gave ${crop.image.width}×${crop.image.height}, batches expect ${size.width}×${size.height}`);
      }
      const image = item.flip ? flipHorizontal(crop.image).image : crop.image;
      normalizeInto(images, b, image, mean, where);
      if (item.classIndex >= 0) labels[b * classCount + item.classIndex] = 1;
      classes[b] = item.classIndex;
      transforms.push(item.flip ? composeTransforms(crop.transform, mirror(size.width)) : crop.transform);
    });
    return {
      index,
      images,
      shape: [kept.length, size.height, size.width, 3],
      labels,
      classes,
      items: kept.map((k) => k.item),
      transforms,
      skipped: chosen.length - kept.length,
    };
  };

  const ahead: Promise<Batch>[] = [];
  let started = 0;
  const start = (): void => {
    const promise = prepare(started++);
    promise.catch(() => undefined); // rejections surface when awaited below, not as unhandled ones meanwhile
    ahead.push(promise);
  };
  for (let k = 0; k < count; k++) {
    while (started < count && started <= k + prefetch) start();
    const batch = await ahead.shift()!;
    if (batch.items.length > 0) yield batch;
  }
}
