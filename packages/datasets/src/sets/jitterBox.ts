// Moving an object's box so that its parts move within the crop: the shifted evaluation protocol (box enlarged 1.5×,
// shifted by up to ±25% of its size per axis, so that a filter fixed at one place cannot follow a part) and the
// random crop/scale augmentation of training and pretraining. The crop loaders clamp the new box to the image.
import { createRandom, mixSeed, type Random } from '@icnn/random';
import type { BoundingBox, Sample } from '../sample';
import type { SetSplit } from './dataSet';

export interface BoxJitter {
  /** Side multiplier of the box about its centre: one value, or a range [lo, hi] drawn uniformly per box. */
  scale: number | readonly [number, number];
  /** Largest offset of the centre per axis, as a share of the original box's width (x) and height (y). */
  shift: number;
  /** jitterSplit: draw each item's mirror at random (p = ½) instead of keeping its own. Default false. */
  randomFlip?: boolean;
}

/** The shifted evaluation protocol of the fidelity work: box enlarged 1.5×, centre moved by up to ±25% per axis. */
export const SHIFTED_EVALUATION: BoxJitter = { scale: 1.5, shift: 0.25 };

function checkJitter(jitter: BoxJitter): void {
  const [lo, hi] = typeof jitter.scale === 'number' ? [jitter.scale, jitter.scale] : jitter.scale;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0 && hi >= lo)) {
    throw new RangeError(`jitterBox: 'scale' must be a positive number or a range [lo, hi] with 0 < lo ≤ hi, got ${JSON.stringify(jitter.scale)}`);
  }
  if (!(Number.isFinite(jitter.shift) && jitter.shift >= 0)) throw new RangeError(`jitterBox: 'shift' must be a number ≥ 0, got ${jitter.shift}`);
}

/**
 * `box` scaled about its centre and shifted, both drawn from `random`: width and height × s (s uniform in the scale
 * range), centre + (u·w, v·h) with u, v uniform in [−shift, shift] and w, h the original box's size (inclusive
 * pixel-centre boxes, as Sample's: size = xmax − xmin + 1).
 */
export function jitterBox(box: BoundingBox, jitter: BoxJitter, random: Random): BoundingBox {
  checkJitter(jitter);
  return drawBox(box, jitter, random);
}

/** jitterBox without the check (jitterSplit checks once for all its items). */
function drawBox(box: BoundingBox, jitter: BoxJitter, random: Random): BoundingBox {
  const width = box.xmax - box.xmin + 1;
  const height = box.ymax - box.ymin + 1;
  const scale = typeof jitter.scale === 'number' ? jitter.scale : random.range(jitter.scale[0], jitter.scale[1]);
  const cx = (box.xmin + box.xmax) / 2 + random.range(-jitter.shift, jitter.shift) * width;
  const cy = (box.ymin + box.ymax) / 2 + random.range(-jitter.shift, jitter.shift) * height;
  const halfWidth = (scale * width - 1) / 2;
  const halfHeight = (scale * height - 1) / 2;
  return { xmin: cx - halfWidth, ymin: cy - halfHeight, xmax: cx + halfWidth, ymax: cy + halfHeight };
}

/** A 32-bit hash of a string (FNV-1a), so that a sample's draw depends on its id, not on its place in a list. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Every item of `split` with its sample's box jittered. Each item's draw comes from (seed, epoch, its sample's id,
 * its flip), so the same seed gives the same boxes whatever the order or the subset; training augmentation passes
 * its epoch for new boxes every epoch. Items keep their flip and class; samples are shallow copies (images shared).
 */
export function jitterSplit(split: SetSplit, jitter: BoxJitter, seed: number, epoch = 0): SetSplit {
  checkJitter(jitter);
  const items = split.items.map((item) => {
    const random = createRandom(mixSeed(seed, epoch, hashId(item.sample.id), item.flip ? 1 : 0));
    const sample = { ...item.sample, bbox: drawBox(item.sample.bbox, jitter, random) } as Sample;
    return { ...item, sample, ...(jitter.randomFlip ? { flip: random.chance(0.5) } : {}) };
  });
  return { categories: split.categories, items };
}
