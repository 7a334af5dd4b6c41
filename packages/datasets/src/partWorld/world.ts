// The PartWorld "world": procedurally drawn object categories (4–6 textured parts each) and a shared texture pool.
// It depends on `worldSeed` only, so that train and test sets drawn with different sample seeds share categories.
import { createRandom, mixSeed, type Random } from '@icnn/random';
import { insideShape, SHAPE_KINDS, type ShapeKind } from './shape';
import { randomTexture, type Texture } from './texture';

/** One part of a category, in the object's frame (object radius 1, centre at the origin). */
export interface PartSpec {
  name: string;
  shape: ShapeKind;
  /** Centre in the object frame. */
  cx: number;
  cy: number;
  /** Half-extents of the part's unit frame. */
  rx: number;
  ry: number;
  /** Rotation of the part's frame (radians). */
  rotation: number;
  /** Index into the world's texture pool; several parts, of one or several categories, share a texture. */
  texture: number;
}

export interface CategorySpec {
  name: string;
  /** Drawn in this order: later parts cover earlier ones. */
  parts: PartSpec[];
}

export interface World {
  categories: CategorySpec[];
  textures: Texture[];
}

export interface WorldOptions {
  worldSeed: number;
  categoryNames: string[];
  partsPerCategory: readonly [number, number];
  texturePool: number;
}

/** (x, y) of the object frame in the part's unit frame. */
export function toPartFrame(part: PartSpec, x: number, y: number): [number, number] {
  const dx = x - part.cx;
  const dy = y - part.cy;
  const c = Math.cos(part.rotation);
  const s = Math.sin(part.rotation);
  return [(c * dx + s * dy) / part.rx, (-s * dx + c * dy) / part.ry];
}

function randomPart(random: Random, index: number, texturePool: number): PartSpec {
  const body = index === 0;
  const distance = body ? random.range(0, 0.15) : random.range(0.45, 0.8);
  const direction = random.range(0, 2 * Math.PI);
  return {
    name: `part${index + 1}`,
    shape: body ? (random.chance(0.5) ? 'ellipse' : 'rectangle') : SHAPE_KINDS[random.int(SHAPE_KINDS.length)],
    cx: distance * Math.cos(direction),
    cy: distance * Math.sin(direction),
    rx: body ? random.range(0.4, 0.6) : random.range(0.14, 0.3),
    ry: body ? random.range(0.35, 0.55) : random.range(0.14, 0.3),
    rotation: random.range(0, Math.PI),
    texture: random.int(texturePool),
  };
}

/** Every part's centre must stay visible in the canonical pose: no later part covers it, centres stay apart. */
function layoutIsClean(parts: PartSpec[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [u, v] = toPartFrame(parts[j], parts[i].cx, parts[i].cy);
      if (insideShape(parts[j].shape, u, v)) return false;
      // A margin around the covered centre, so that the per-image jitter keeps it visible.
      const [u2, v2] = toPartFrame({ ...parts[j], rx: parts[j].rx + 0.12, ry: parts[j].ry + 0.12 }, parts[i].cx, parts[i].cy);
      if (insideShape(parts[j].shape, u2, v2)) return false;
      if (Math.hypot(parts[i].cx - parts[j].cx, parts[i].cy - parts[j].cy) < 0.3) return false;
    }
  }
  return true;
}

function randomCategory(random: Random, name: string, options: WorldOptions): CategorySpec {
  const [lo, hi] = options.partsPerCategory;
  const count = lo + random.int(hi - lo + 1);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const parts = Array.from({ length: count }, (_, i) => randomPart(random, i, options.texturePool));
    if (layoutIsClean(parts)) return { name, parts };
  }
  throw new Error(`partWorld: could not lay out ${count} parts for category '${name}' (worldSeed ${options.worldSeed})`);
}

/** The categories and textures of one world. */
export function createWorld(options: WorldOptions): World {
  const random = createRandom(mixSeed(options.worldSeed, 0x776f726c));
  const textures = Array.from({ length: options.texturePool }, (_, i) => randomTexture(random, i));
  const categories = options.categoryNames.map((name) => randomCategory(random, name, options));
  return { categories, textures };
}
