// Draws one PartWorld image: background, decoy parts, the object's parts under a random pose, an occluder, noise.
// Returns the pixels, a label map (0 background, k + 1 for part k, DECOY, OCCLUDER) and the pose.
import type { Random } from '@icnn/random';
import { insideShape, type ShapeKind } from './shape';
import { textureMix, type Texture } from './texture';
import type { CategorySpec, PartSpec, World } from './world';

export const DECOY = 255;
export const OCCLUDER = 254;

export interface RenderOptions {
  size: number;
  maxRotation: number;
  scale: readonly [number, number];
  flipProbability: number;
  decoys: number;
  occlusionProbability: number;
  textureSwapProbability: number;
  noise: number;
}

/** Placement of a shape in the image: object centre, radius (pixels), rotation, mirror. */
interface Pose {
  x: number;
  y: number;
  radius: number;
  rotation: number;
  flip: boolean;
}

export interface Rendered {
  rgb: Uint8Array;
  labels: Uint8Array;
  /** Image position of each part's centre. */
  centres: [number, number][];
  /** Pixels each part would cover unoccluded and unclipped. */
  areas: number[];
  /** Extent of the object's pixels before occlusion (inclusive), or null if none fell in the image. */
  extent: { xmin: number; ymin: number; xmax: number; ymax: number } | null;
}

const SHAPE_AREA: Record<ShapeKind, number> = { ellipse: Math.PI, rectangle: 4, diamond: 2, triangle: 2 };

function objectToImage(pose: Pose, ox: number, oy: number): [number, number] {
  const fx = pose.flip ? -ox : ox;
  const c = Math.cos(pose.rotation);
  const s = Math.sin(pose.rotation);
  return [pose.x + pose.radius * (c * fx - s * oy), pose.y + pose.radius * (s * fx + c * oy)];
}

interface Canvas {
  size: number;
  rgb: Uint8Array;
  labels: Uint8Array;
}

/** Paints `part` placed by `pose` with `texture`; calls `onPixel` for each pixel it covers (before painting). */
function paintPart(
  canvas: Canvas,
  part: PartSpec,
  pose: Pose,
  texture: Texture,
  brightness: number,
  label: number,
  onPixel?: (x: number, y: number) => void,
): void {
  const { size, rgb, labels } = canvas;
  const [px, py] = objectToImage(pose, part.cx, part.cy);
  const reach = pose.radius * Math.max(part.rx, part.ry) * 1.5 + 1;
  const x0 = Math.max(0, Math.floor(px - reach));
  const x1 = Math.min(size - 1, Math.ceil(px + reach));
  const y0 = Math.max(0, Math.floor(py - reach));
  const y1 = Math.min(size - 1, Math.ceil(py + reach));
  const c = Math.cos(pose.rotation);
  const s = Math.sin(pose.rotation);
  const cr = Math.cos(part.rotation);
  const sr = Math.sin(part.rotation);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = (x - pose.x) / pose.radius;
      const dy = (y - pose.y) / pose.radius;
      let ox = c * dx + s * dy;
      const oy = -s * dx + c * dy;
      if (pose.flip) ox = -ox;
      const ax = ox - part.cx;
      const ay = oy - part.cy;
      const a = cr * ax + sr * ay;
      const b = -sr * ax + cr * ay;
      if (!insideShape(part.shape, a / part.rx, b / part.ry)) continue;
      onPixel?.(x, y);
      const t = textureMix(texture, a, b);
      const i = y * size + x;
      labels[i] = label;
      for (let ch = 0; ch < 3; ch++) {
        const value = (t === 0 ? texture.a[ch] : texture.b[ch]) * brightness;
        rgb[i * 3 + ch] = value > 255 ? 255 : value;
      }
    }
  }
}

function paintBackground(canvas: Canvas, texture: Texture, random: Random): void {
  const { size, rgb } = canvas;
  const scale = random.range(2, 5) / size;
  const fade = random.range(0.3, 0.7);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = textureMix(texture, x * scale, y * scale);
      const i = (y * size + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const value = t === 0 ? texture.a[ch] : texture.b[ch];
        rgb[i + ch] = value * fade + 128 * (1 - fade);
      }
    }
  }
}

function randomPose(random: Random, options: RenderOptions): Pose {
  const radius = random.range(options.scale[0], options.scale[1]) * options.size;
  const margin = radius * 0.6;
  return {
    x: random.range(margin, options.size - 1 - margin),
    y: random.range(margin, options.size - 1 - margin),
    radius,
    rotation: random.range(-options.maxRotation, options.maxRotation),
    flip: random.chance(options.flipProbability),
  };
}

/** Renders an image of `category` of `world`, drawing every random choice from `random`. */
export function renderObject(world: World, category: CategorySpec, random: Random, options: RenderOptions): Rendered {
  const size = options.size;
  const canvas: Canvas = { size, rgb: new Uint8Array(size * size * 3), labels: new Uint8Array(size * size) };
  const pick = (): Texture => world.textures[random.int(world.textures.length)];
  paintBackground(canvas, pick(), random);

  // Decoys: real parts of any category (the object's own included), alone and behind the object.
  const decoyCount = random.int(options.decoys + 1);
  for (let d = 0; d < decoyCount; d++) {
    const source = world.categories[random.int(world.categories.length)];
    const part = source.parts[random.int(source.parts.length)];
    const pose = randomPose(random, options);
    const placed: PartSpec = { ...part, cx: 0, cy: 0, rotation: part.rotation + random.range(-0.3, 0.3) };
    paintPart(canvas, placed, pose, world.textures[part.texture], random.range(0.85, 1.15), DECOY);
  }

  const pose = randomPose(random, options);
  const brightness = random.range(0.8, 1.2);
  const centres: [number, number][] = [];
  const areas: number[] = [];
  let extent: Rendered['extent'] = null;
  const grow = (x: number, y: number): void => {
    if (extent === null) extent = { xmin: x, ymin: y, xmax: x, ymax: y };
    else {
      if (x < extent.xmin) extent.xmin = x;
      if (x > extent.xmax) extent.xmax = x;
      if (y < extent.ymin) extent.ymin = y;
      if (y > extent.ymax) extent.ymax = y;
    }
  };
  category.parts.forEach((spec, k) => {
    // Articulation: each part moves and turns a little per image.
    const part: PartSpec = {
      ...spec,
      cx: spec.cx + random.range(-0.05, 0.05),
      cy: spec.cy + random.range(-0.05, 0.05),
      rotation: spec.rotation + random.range(-0.2, 0.2),
    };
    const texture = random.chance(options.textureSwapProbability) ? pick() : world.textures[spec.texture];
    centres.push(objectToImage(pose, part.cx, part.cy));
    areas.push(SHAPE_AREA[part.shape] * part.rx * part.ry * pose.radius * pose.radius);
    paintPart(canvas, part, pose, texture, brightness, k + 1, grow);
  });

  if (random.chance(options.occlusionProbability)) {
    const [ox, oy] = objectToImage(pose, random.range(-0.9, 0.9), random.range(-0.9, 0.9));
    const occluder: PartSpec = {
      name: 'occluder',
      shape: random.chance(0.5) ? 'ellipse' : 'rectangle',
      cx: 0,
      cy: 0,
      rx: random.range(0.25, 0.5),
      ry: random.range(0.25, 0.5),
      rotation: random.range(0, Math.PI),
      texture: 0,
    };
    const occluderPose: Pose = { x: ox, y: oy, radius: pose.radius, rotation: 0, flip: false };
    paintPart(canvas, occluder, occluderPose, pick(), random.range(0.7, 1.1), OCCLUDER);
  }

  if (options.noise > 0) {
    const { rgb } = canvas;
    const span = 2 * options.noise + 1;
    for (let i = 0; i < rgb.length; i++) {
      const value = rgb[i] + random.int(span) - options.noise;
      rgb[i] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
  return { rgb: canvas.rgb, labels: canvas.labels, centres, areas, extent };
}

