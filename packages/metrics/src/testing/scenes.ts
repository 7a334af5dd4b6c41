// Constructed scenes for the tests: one landmark moving over a 224×224 input, a 14×14 layer of stride 16
// (cell centres 7.5 + 16·idx), and filters that track it, stay at one cell, or fire at random cells.
import { seededRandom } from '@icnn/test-utils/numeric';

export type P = readonly [number, number];
export const STRIDE = 16;
export const CENTRE = 7.5;
export const N = 14;
export const DIAGONAL = 224 * Math.SQRT2;

/** The centre of the cell nearest to pixel coordinate v (on one axis). */
export function snap(v: number): number {
  const idx = Math.max(0, Math.min(N - 1, Math.round((v - CENTRE) / STRIDE)));
  return CENTRE + idx * STRIDE;
}

export function gridCandidates(): P[] {
  const out: P[] = [];
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) out.push([CENTRE + j * STRIDE, CENTRE + i * STRIDE]);
  return out;
}

/**
 * `images` images with one landmark uniform in [40, 184]²; filter 0 tracks it (peak at its nearest cell), filter 1
 * fires at the central cell (7, 7) always, filter 2 at a uniformly random cell. Scores uniform in [0, 1).
 */
export function trackingScene(images: number, seed: number) {
  const random = seededRandom(seed);
  const landmarks: P[][] = [];
  for (let i = 0; i < images; i++) landmarks.push([[40 + 144 * random(), 40 + 144 * random()]]);
  const fixed: P = [CENTRE + 7 * STRIDE, CENTRE + 7 * STRIDE];
  const cell = () => CENTRE + Math.floor(random() * N) * STRIDE;
  const positions: P[][] = [
    landmarks.map(([l]) => [snap(l[0]), snap(l[1])] as P),
    landmarks.map(() => fixed),
    landmarks.map(() => [cell(), cell()] as P),
  ];
  const scores = positions.map(() => landmarks.map(() => random()));
  return { positions, scores, landmarks, diagonal: DIAGONAL };
}
