// References for location instability: the instability the same filter would have if it fired at a fixed place or at
// random. Bounding-box crops put landmarks at similar places, so a filter that always fires at one cell already
// scores low (../shared/notes/reproduction.md: a filter fixed at the central cell beat every trained network); a
// figure means part tracking only when it is clearly below `bestPosition` and `mostFrequent`.
import { instabilityUnder, landmarkInstability, measuredPosition, reduceFilter, type PositionRule } from './instabilityCore';
import { prepareLocationInput, type LocationInput, type PreparedLocationInput } from './locationInput';
import { createRandom } from '@icnn/random';
import { meanOfFinite } from './statistics';
import type { Point } from './types';
import { assertArray, assertNumber, assertPoint } from './validate';

export interface ReferenceOptions {
  /**
   * The places a filter can fire at, in the pixel frame of `positions`: normally every cell centre of the layer
   * (`cellCentres({ n, stride, centre })`). `bestPosition` searches them and `random` draws from them.
   */
  candidates: readonly Point[];
  /** Monte-Carlo draws for the `random` reference; default 32. */
  samples?: number;
  /** Seed of the `random` reference's generator; default 0. */
  seed?: number;
}

export interface InstabilityReference {
  /** Mean of `perFilter` over the filters with a value (the same filters as the measured instability). */
  value: number;
  perFilter: number[];
}

export interface InstabilityReferences {
  /** The filter fixed at its most frequent peak position. */
  mostFrequent: InstabilityReference & { positions: (Point | null)[] };
  /** The filter fixed at the candidate that minimises its instability. */
  bestPosition: InstabilityReference & { positions: (Point | null)[] };
  /** The filter firing at a uniformly random candidate on each image (expected value, Monte-Carlo estimate). */
  random: InstabilityReference;
  /** The measured instability, computed alongside so that the figures sit together. */
  measured: InstabilityReference;
}

/**
 * The three references of issue 5, per filter and averaged. Each replaces only where the filter fires: the images
 * (each D_{f,k}'s top-K selection), landmarks, diagonals, N − 1 standard deviation and the reduction over landmarks
 * and categories are those of `locationInstability` on the same input, so a reference is NaN exactly where the
 * measured value is.
 * - `mostFrequent`: the position (compared exactly) that occurs most often among the filter's peaks on the images it
 *   is measured on (the union of its selections over landmarks); ties go to the one seen first in image order.
 * - `bestPosition`: the fixed position among `candidates` with the lowest instability (first on ties). A fixed point
 *   q still scores above 0: D is the spread of ‖p_k − q‖, which is zero only if all landmarks lie on one circle
 *   around q. The minimum is over the candidates only, i.e. over the places a filter of this layer can fire at.
 * - `random`: on each image independently a candidate drawn uniformly; the value is the mean over `samples` draws
 *   of the whole computation (seeded: the same input gives the same figure).
 */
export function instabilityReferences(input: LocationInput & ReferenceOptions): InstabilityReferences {
  const fn = 'instabilityReferences';
  const prepared = prepareLocationInput(fn, input);
  assertArray(fn, 'candidates', input.candidates);
  if (input.candidates.length === 0) throw new RangeError(`${fn}: 'candidates' must hold at least one position`);
  input.candidates.forEach((c, n) => assertPoint(fn, `candidates[${n}]`, c));
  const samples = input.samples ?? 32;
  assertNumber(fn, 'samples', samples, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const seed = input.seed ?? 0;
  assertNumber(fn, 'seed', seed, Number.isFinite, 'a finite number');

  const measured = instabilityUnder(prepared, measuredPosition(prepared)).perFilter;
  const frequent = prepared.positions.map((_, f) => mostFrequentPosition(prepared, f));
  const atFrequent = prepared.positions.map((_, f) => {
    const q = frequent[f];
    return q === null ? NaN : fixedInstability(prepared, f, q);
  });

  const bestPositions: (Point | null)[] = [];
  const atBest: number[] = [];
  for (let f = 0; f < prepared.filters; f++) {
    let best = NaN;
    let bestPoint: Point | null = null;
    if (Number.isFinite(measured[f])) {
      for (const q of input.candidates) {
        const v = fixedInstability(prepared, f, q);
        if (Number.isFinite(v) && (bestPoint === null || v < best)) {
          best = v;
          bestPoint = [q[0], q[1]];
        }
      }
    }
    bestPositions.push(bestPoint);
    atBest.push(best);
  }

  const random = createRandom(seed);
  const drawn = new Int32Array(prepared.images);
  const atRandom: number[] = [];
  for (let f = 0; f < prepared.filters; f++) {
    if (!Number.isFinite(measured[f])) {
      atRandom.push(NaN);
      continue;
    }
    const used = imagesOf(prepared, f);
    const rule: PositionRule = (_, image) => input.candidates[drawn[image]];
    let sum = 0;
    for (let s = 0; s < samples; s++) {
      for (const image of used) drawn[image] = Math.min(input.candidates.length - 1, Math.floor(random.next() * input.candidates.length));
      const row = Array.from({ length: prepared.landmarkCount }, (_, k) => landmarkInstability(prepared, f, k, rule));
      sum += reduceFilter(prepared, f, row).value;
    }
    atRandom.push(sum / samples);
  }

  return {
    mostFrequent: { value: meanOfFinite(atFrequent), perFilter: atFrequent, positions: frequent },
    bestPosition: { value: meanOfFinite(atBest), perFilter: atBest, positions: bestPositions },
    random: { value: meanOfFinite(atRandom), perFilter: atRandom },
    measured: { value: meanOfFinite(measured), perFilter: measured },
  };
}

/** The filter's value if it fired at `q` on every image. */
function fixedInstability(input: PreparedLocationInput, filter: number, q: Point): number {
  const rule: PositionRule = () => q;
  const row = Array.from({ length: input.landmarkCount }, (_, k) => landmarkInstability(input, filter, k, rule));
  return reduceFilter(input, filter, row).value;
}

/** The images filter f is measured on: the union of its selections over landmarks, in image order. */
function imagesOf(input: PreparedLocationInput, filter: number): number[] {
  const seen = new Uint8Array(input.images);
  for (const chosen of input.selection[filter]) for (const image of chosen) seen[image] = 1;
  const out: number[] = [];
  for (let i = 0; i < input.images; i++) if (seen[i]) out.push(i);
  return out;
}

function mostFrequentPosition(input: PreparedLocationInput, filter: number): Point | null {
  const counts = new Map<string, { count: number; point: Point }>();
  let best: { count: number; point: Point } | null = null;
  for (const image of imagesOf(input, filter)) {
    const p = input.positions[filter][image] as Point;
    const key = `${p[0]},${p[1]}`;
    const entry = counts.get(key) ?? { count: 0, point: [p[0], p[1]] as Point };
    entry.count++;
    counts.set(key, entry);
  }
  // Map iteration follows insertion order, i.e. first appearance in image order: the first maximum wins ties.
  for (const entry of counts.values()) if (best === null || entry.count > best.count) best = entry;
  return best === null ? null : best.point;
}
