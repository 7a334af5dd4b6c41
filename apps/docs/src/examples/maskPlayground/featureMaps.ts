// Feature maps to feed the mask playground: painted bumps, synthetic presets, and the map an ideal part detector
// would give on a PartWorld image (the part's mask brought down to n×n).
import * as tf from '@tensorflow/tfjs-core';
import { maskToImage, partWorld, type PartWorldSample } from '@icnn/datasets';
import { createRandom } from '@icnn/random';

/** Adds a Gaussian bump of `amplitude` and width `sigma` (cells) centred on cell [row, column], in place. */
export function addBump(map: Float32Array, n: number, cell: readonly [number, number], amplitude = 1, sigma = 0.8): Float32Array {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d2 = (i - cell[0]) ** 2 + (j - cell[1]) ** 2;
      map[i * n + j] += amplitude * Math.exp(-d2 / (2 * sigma * sigma));
    }
  }
  return map;
}

/** Floats in [0, 1) from @icnn/random's seeded generator, so that presets are reproducible. */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}

export type Preset = 'one part' | 'two parts' | 'diffuse' | 'PartWorld part' | 'clear';
export const PRESETS: readonly Preset[] = ['one part', 'two parts', 'diffuse', 'PartWorld part', 'clear'];

export interface PresetMap {
  map: Float32Array;
  /** For 'PartWorld part': the image and which part the map shows. */
  source?: { sample: PartWorldSample; part: string };
}

export function presetMap(preset: Exclude<Preset, 'PartWorld part'>, n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const cell = (): [number, number] => [Math.floor(random() * n), Math.floor(random() * n)];
  const map = new Float32Array(n * n);
  if (preset === 'one part') addBump(map, n, cell(), 1, 1);
  if (preset === 'two parts') addBump(addBump(map, n, cell(), 1, 0.9), n, cell(), 0.75, 1.3);
  if (preset === 'diffuse') for (let k = 0; k < 3 * n; k++) addBump(map, n, cell(), 0.15 + 0.25 * random(), 1.5);
  return map;
}

/** The part mask of a PartWorld sample (a visible part picked by `seed`) resized to n×n: a perfect part filter's map. */
export async function partWorldMap(n: number, seed: number): Promise<Required<PresetMap>> {
  const world = partWorld({ seed, count: 1 });
  const sample = world.samples[0];
  const visible = Object.keys(sample.partMasks).filter((name) => sample.landmarks[name] != null);
  const part = visible[seed % Math.max(1, visible.length)] ?? Object.keys(sample.partMasks)[0];
  const { width, height } = sample.image;
  const full = maskToImage(sample.partMasks[part], width, height);
  const resized = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(Float32Array.from(full), [1, height, width, 1]), [n, n]));
  const map = Float32Array.from(await resized.data());
  resized.dispose();
  return { map, source: { sample, part } };
}
