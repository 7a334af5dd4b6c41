// Per-filter records (STYLE: NetDissect-like per-unit rows): everything the metrics say about one filter, with
// null for what was not measured, so that a record list serialises to JSON as is and to CSV with `recordsToCsv`.
import type { InstabilityReferences } from './instabilityReferences';
import type { LocationInstability } from './locationInstability';
import type { PartInterpretability } from './partInterpretability';
import type { PartTracking } from './partTracking';
import { argminFinite } from './statistics';
import { assertArray, assertNumber } from './validate';

export interface FilterRecord {
  filter: number;
  /** The filter's category (name when `categoryNames` is given), or null. */
  category: string | number | null;
  /** Part with the highest P_{f,k} (part interpretability), or null. */
  bestPart: string | number | null;
  /** Landmark with the lowest D_{f,k} (location instability), or null. */
  bestLandmark: string | number | null;
  instability: number | null;
  references: { mostFrequent: number | null; bestPosition: number | null; random: number | null };
  r2: { x: number | null; y: number | null; combined: number | null };
  /** P_f, the share of images on which the filter matches its best part. */
  partScore: number | null;
  /** Mean IoU with the best part over the images containing it. */
  iou: number | null;
  meanActivation: number | null;
}

export interface FilterRecordSources {
  /** Number of filters; default: the length of the first result given. */
  filters?: number;
  instability?: LocationInstability;
  references?: InstabilityReferences;
  tracking?: PartTracking;
  parts?: PartInterpretability;
  /** Mean activation per filter [F] (the evaluation pass's, e.g. of the spatial max). */
  meanActivation?: ArrayLike<number>;
  /** Per filter, its category index; default: `instability.filterCategory` where ≥ 0. */
  category?: ArrayLike<number>;
  categoryNames?: readonly string[];
  partNames?: readonly string[];
  landmarkNames?: readonly string[];
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
const named = (index: number, names: readonly string[] | undefined): string | number | null =>
  index < 0 ? null : (names?.[index] ?? index);

/** One record per filter from whichever metric results are given (each must cover the same filters). */
export function buildFilterRecords(sources: FilterRecordSources): FilterRecord[] {
  const fn = 'buildFilterRecords';
  const lengths: [string, number][] = [];
  if (sources.instability) lengths.push(['instability.perFilter', sources.instability.perFilter.length]);
  if (sources.references) lengths.push(['references.measured.perFilter', sources.references.measured.perFilter.length]);
  if (sources.tracking) lengths.push(['tracking.perFilter.x', sources.tracking.perFilter.x.length]);
  if (sources.parts) lengths.push(['parts.perFilter', sources.parts.perFilter.length]);
  if (sources.meanActivation) lengths.push(['meanActivation', sources.meanActivation.length]);
  if (sources.category) lengths.push(['category', sources.category.length]);
  const filters = sources.filters ?? lengths[0]?.[1] ?? 0;
  assertNumber(fn, 'filters', filters, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
  for (const [name, length] of lengths) {
    if (length !== filters) throw new RangeError(`${fn}: '${name}' covers ${length} filters, expected ${filters} (${lengths[0][0]})`);
  }
  if (sources.meanActivation) assertArray(fn, 'meanActivation', sources.meanActivation, filters);

  const records: FilterRecord[] = [];
  for (let f = 0; f < filters; f++) {
    const { instability, references, tracking, parts } = sources;
    const categoryIndex = sources.category?.[f] ?? instability?.filterCategory[f] ?? -1;
    const bestPart = parts ? parts.bestPart[f] : -1;
    records.push({
      filter: f,
      category: named(categoryIndex, sources.categoryNames),
      bestPart: named(bestPart, sources.partNames),
      bestLandmark: instability ? named(argminFinite(instability.perFilterLandmark[f]), sources.landmarkNames) : null,
      instability: finiteOrNull(instability?.perFilter[f]),
      references: {
        mostFrequent: finiteOrNull(references?.mostFrequent.perFilter[f]),
        bestPosition: finiteOrNull(references?.bestPosition.perFilter[f]),
        random: finiteOrNull(references?.random.perFilter[f]),
      },
      r2: {
        x: finiteOrNull(tracking?.perFilter.x[f]),
        y: finiteOrNull(tracking?.perFilter.y[f]),
        combined: finiteOrNull(tracking?.perFilter.combined[f]),
      },
      partScore: finiteOrNull(parts?.perFilter[f]),
      iou: parts && bestPart >= 0 ? finiteOrNull(parts.perFilterPartIoU[f][bestPart]) : null,
      meanActivation: finiteOrNull(sources.meanActivation?.[f]),
    });
  }
  return records;
}
