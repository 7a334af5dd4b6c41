// PartWorld: a synthetic dataset with ground-truth parts that needs no download (the demo's and the docs' default).
// Procedurally drawn categories of 4–6 textured parts, under pose, scale, position and flip variation, with decoy
// parts, occluders and a texture pool shared by parts and categories (texture alone does not name a part).
// Pure TypeScript, no I/O: runs in Node and browsers. Deterministic: sample i depends only on (seed, i) and the
// world options, not on `count`. Bytes are identical across runs on one JS engine; engines whose Math.sin/cos
// differ in the last bit may differ on rare edge pixels.
import { maskArea, maskFromLabels } from '../partMask';
import type { Landmark, MemorySample, PartMask } from '../sample';
import { createRandom, mixSeed } from '@icnn/random';
import { renderObject, type RenderOptions } from './render';
import { createWorld, type World } from './world';

export interface PartWorldOptions {
  /** Seed of the samples (integer). */
  seed: number;
  /** Number of categories (named 'alpha', 'beta', …) or their names. Default 3. */
  categories?: number | string[];
  /** Number of samples, balanced over categories (sample i is of category i mod C). Default 300. */
  count?: number;
  /** Index of the first sample (to draw a stream in chunks). Default 0. */
  start?: number;
  /** Image side in pixels. Default 64. */
  size?: number;
  /** Seed of the categories and textures, so that sets with different `seed` share categories. Default 0. */
  worldSeed?: number;
  /** Inclusive range of parts per category. Default [4, 6]. */
  partsPerCategory?: readonly [number, number];
  /** Number of shared textures. Default 6. */
  texturePool?: number;
  /** Largest in-plane rotation (radians). Default π/6. */
  maxRotation?: number;
  /** Object radius as a share of the image side, [min, max). Default [0.22, 0.36]. */
  scale?: readonly [number, number];
  /** Probability of a mirrored object. Default 0.5. */
  flipProbability?: number;
  /** Up to this many decoy parts per image (uniform in 0..decoys). Default 2. */
  decoys?: number;
  /** Probability of an occluder over the object. Default 0.4. */
  occlusionProbability?: number;
  /** Probability that a part wears a random pool texture instead of its own. Default 0.15. */
  textureSwapProbability?: number;
  /** A part's landmark is null when less than this share of its area is visible. Default 0.3. */
  minVisibility?: number;
  /** Pixel noise amplitude (uniform integer in ±noise per channel). Default 6. */
  noise?: number;
}

export interface PartWorldSample extends MemorySample {
  partMasks: Record<string, PartMask>;
  /** Visible share of each part's area (occlusion and image edges). */
  partVisibility: Record<string, number>;
}

export interface PartWorldCategory {
  name: string;
  parts: string[];
}

export interface PartWorld {
  categories: PartWorldCategory[];
  samples: PartWorldSample[];
}

const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];

function requireInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`partWorld: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

function requireRange(name: string, value: readonly [number, number], lo: number, hi: number): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] >= lo && value[0] <= value[1] && value[1] <= hi)) {
    throw new Error(`partWorld: ${name} must be [min, max] with ${lo} ≤ min ≤ max ≤ ${hi}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function requireProbability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new Error(`partWorld: ${name} must be in [0, 1], got ${value}`);
  return value;
}

function categoryNames(categories: number | string[]): string[] {
  if (typeof categories === 'number') {
    requireInteger('categories', categories, 1);
    return Array.from({ length: categories }, (_, i) => GREEK[i] ?? `category${i + 1}`);
  }
  if (!Array.isArray(categories) || categories.length === 0) throw new Error('partWorld: categories must be a count ≥ 1 or a non-empty list of names');
  const seen = new Set<string>();
  categories.forEach((name, i) => {
    if (typeof name !== 'string' || name === '' || seen.has(name)) throw new Error(`partWorld: categories[${i}] must be a new non-empty name, got ${JSON.stringify(name)}`);
    seen.add(name);
  });
  return [...categories];
}

interface Resolved {
  seed: number;
  count: number;
  start: number;
  minVisibility: number;
  world: World;
  render: RenderOptions;
}

function resolve(options: PartWorldOptions): Resolved {
  if (options === null || typeof options !== 'object') throw new Error('partWorld: options must be an object with a seed');
  if (!Number.isInteger(options.seed)) throw new Error(`partWorld: seed must be an integer, got ${options.seed}`);
  const size = requireInteger('size', options.size ?? 64, 16);
  const partsPerCategory = requireRange('partsPerCategory', options.partsPerCategory ?? [4, 6], 1, 8);
  if (!Number.isInteger(partsPerCategory[0]) || !Number.isInteger(partsPerCategory[1])) throw new Error('partWorld: partsPerCategory must hold integers');
  const worldSeed = options.worldSeed ?? 0;
  if (!Number.isInteger(worldSeed)) throw new Error(`partWorld: worldSeed must be an integer, got ${worldSeed}`);
  const world = createWorld({
    worldSeed,
    categoryNames: categoryNames(options.categories ?? 3),
    partsPerCategory,
    texturePool: requireInteger('texturePool', options.texturePool ?? 6, 1),
  });
  const maxRotation = options.maxRotation ?? Math.PI / 6;
  if (!(maxRotation >= 0 && maxRotation <= Math.PI)) throw new Error(`partWorld: maxRotation must be in [0, π], got ${maxRotation}`);
  const noise = requireInteger('noise', options.noise ?? 6, 0);
  return {
    seed: options.seed,
    count: requireInteger('count', options.count ?? 300, 0),
    start: requireInteger('start', options.start ?? 0, 0),
    minVisibility: requireProbability('minVisibility', options.minVisibility ?? 0.3),
    world,
    render: {
      size,
      maxRotation,
      scale: requireRange('scale', options.scale ?? [0.22, 0.36], 0.05, 0.5),
      flipProbability: requireProbability('flipProbability', options.flipProbability ?? 0.5),
      decoys: requireInteger('decoys', options.decoys ?? 2, 0),
      occlusionProbability: requireProbability('occlusionProbability', options.occlusionProbability ?? 0.4),
      textureSwapProbability: requireProbability('textureSwapProbability', options.textureSwapProbability ?? 0.15),
      noise,
    },
  };
}

function drawSample(r: Resolved, index: number): PartWorldSample {
  const { world, render } = r;
  const size = render.size;
  const category = world.categories[index % world.categories.length];
  const random = createRandom(mixSeed(r.seed, index));
  const drawn = renderObject(world, category, random, render);
  const landmarks: Record<string, Landmark> = {};
  const partMasks: Record<string, PartMask> = {};
  const partVisibility: Record<string, number> = {};
  category.parts.forEach((part, k) => {
    const mask = maskFromLabels(drawn.labels, size, size, k + 1);
    const visible = Math.min(1, maskArea(mask) / drawn.areas[k]);
    const [x, y] = drawn.centres[k];
    const cx = Math.round(x);
    const cy = Math.round(y);
    const centreShown = cx >= 0 && cy >= 0 && cx < size && cy < size && drawn.labels[cy * size + cx] === k + 1;
    partMasks[part.name] = mask;
    partVisibility[part.name] = visible;
    landmarks[part.name] = centreShown && visible >= r.minVisibility ? [x, y] : null;
  });
  // The object always covers its centre region, so the extent exists; fall back to the whole image regardless.
  const bbox = drawn.extent ?? { xmin: 0, ymin: 0, xmax: size - 1, ymax: size - 1 };
  return {
    id: `partworld-${r.seed}-${index}`,
    category: category.name,
    bbox: { ...bbox },
    landmarks,
    partMasks,
    partVisibility,
    image: { width: size, height: size, data: drawn.rgb },
  };
}

/** Draws `count` PartWorld samples from `seed` (see PartWorldOptions). */
export function partWorld(options: PartWorldOptions): PartWorld {
  const r = resolve(options);
  const samples: PartWorldSample[] = [];
  for (let i = 0; i < r.count; i++) samples.push(drawSample(r, r.start + i));
  return {
    categories: r.world.categories.map((c) => ({ name: c.name, parts: c.parts.map((p) => p.name) })),
    samples,
  };
}
