// The side-by-side table of `icnn compare` (plain text, also the report's description) — the paper's box crops and
// the shifted crops, one block each — and its plain verdicts: whether the filter loss adds to what the masks alone
// and fixed placement give, and whether on shifted crops the interpretable net beats its best fixed cell.
import { SHIFTED_EVALUATION } from '@icnn/datasets';
import type { LocationFigures, RunMetrics } from '../evaluate/evaluateNetwork';
import type { CompareResult } from './compareResult';

const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));

/** Seed-to-seed spread of instability measured in shared/notes/reproduction.md (same data and settings). */
export const SEED_NOISE = 0.007;

const LOCATION_HEADER = `${'instab.'.padStart(8)} ${'most-freq'.padStart(10)} ${'best-fixed'.padStart(11)} ${'random'.padStart(8)} ${'track R²'.padStart(9)}`;

/** Instability, its three references and tracking R², in the columns of LOCATION_HEADER. */
function locationColumns(m: LocationFigures): string {
  return `${f3(m.locationInstability).padStart(8)} ${f3(m.references?.mostFrequent).padStart(10)} ${f3(m.references?.bestPosition).padStart(11)} ${f3(m.references?.random).padStart(8)} ${f3(m.partTracking).padStart(9)}`;
}

const SHIFTED_TITLE = `shifted crops (${String(SHIFTED_EVALUATION.scale)}×, ±${SHIFTED_EVALUATION.shift * 100}%)`;

/** Two blocks of rows, one per protocol, their location columns aligned (under 100 columns). */
export function compareTable(result: CompareResult): string {
  const rows = (
    [
      ['ordinary', result.ordinary],
      ['interpretable', result.interpretable],
      ['masks only (control)', result.controls?.maskOnly],
      ['centre mask (control)', result.controls?.centreMask],
    ] as [string, RunMetrics | undefined][]
  ).filter((row): row is [string, RunMetrics] => row[1] != null);
  const withParts = result.ordinary?.partInterpretability !== undefined;
  const header = `${'network'.padEnd(24)} ${'val acc'.padStart(8)} ${LOCATION_HEADER}${withParts ? ' part IoU'.padStart(9) : ''}`;
  const lines = rows.map(([name, m]) => `${name.padEnd(24)} ${f3(m.accuracy).padStart(8)} ${locationColumns(m)}${m.partInterpretability !== undefined ? f3(m.partInterpretability).padStart(9) : ''}`);
  // The second block skips the accuracy column so that every location figure sits under its box-crop counterpart.
  const shiftedHeader = `${SHIFTED_TITLE.padEnd(33)} ${LOCATION_HEADER}`;
  const shiftedLines = rows.map(([name, m]) => `${name.padEnd(33)} ${locationColumns(m.shifted)}`);
  return [
    header,
    ...lines,
    '',
    shiftedHeader,
    ...shiftedLines,
    '',
    'References: the same filters fixed at their most frequent cell, at the best single cell, at a random cell.',
    'Track R²: landmark position explained by the peak (fixed placement scores 0).',
    `Shifted crops: each object cut from its box enlarged ${String(SHIFTED_EVALUATION.scale)}× and moved by a seeded offset of up to`,
    `±${SHIFTED_EVALUATION.shift * 100}% of its size per axis, so parts move within the crop and a filter fixed at one cell loses there.`,
    ...summarySentences(result),
  ].join('\n');
}

function summarySentences(result: CompareResult): string[] {
  return [
    `Instability interpretable/ordinary = ${f3(result.instabilityRatio)}; accuracy interpretable − ordinary = ${(result.accuracyDifference * 100).toFixed(1)} points.`,
    verdictOf(result),
    shiftedVerdictOf(result),
  ];
}

/** The ratios, the accuracy difference and the verdicts as one paragraph (the report's description). */
export function compareSummary(result: CompareResult): string {
  return summarySentences(result).join(' ');
}

/** On shifted crops: the ratio, and whether the interpretable net's filters beat their best fixed cell. */
export function shiftedVerdictOf(result: CompareResult): string {
  const shifted = result.interpretable.shifted;
  const fixed = shifted.references?.bestPosition;
  const beats = fixed !== undefined && shifted.locationInstability < fixed;
  const against =
    fixed === undefined || !Number.isFinite(fixed) || !Number.isFinite(shifted.locationInstability)
      ? ''
      : `; the interpretable net's instability (${f3(shifted.locationInstability)}) is ${beats ? 'below' : 'not below'} its best-fixed-cell reference (${f3(fixed)}): ` +
        (beats ? 'its filters follow parts better than any fixed placement' : 'fixed placement does as well as its filters');
  return `Shifted crops: instability interpretable/ordinary = ${f3(result.shiftedInstabilityRatio)}${against}.`;
}

export function verdictOf(result: CompareResult): string {
  const c = result.controls;
  if (!c) return 'Controls not trained (--no-controls): whether the filter loss adds to the masks alone is not measured.';
  const i = result.interpretable.locationInstability;
  const m = c.maskOnly.locationInstability;
  const z = c.centreMask.locationInstability;
  const relation = (other: number) => (i < other - SEED_NOISE ? 'lower than' : i > other + SEED_NOISE ? 'higher than' : `within seed noise (±${SEED_NOISE}) of`);
  const adds = i < m - SEED_NOISE && i < z - SEED_NOISE;
  return (
    `Filter loss: the interpretable net's instability (${f3(i)}) is ${relation(m)} the masks-only control (${f3(m)}) and ${relation(z)} the centre-mask control (${f3(z)}): ` +
    (adds ? 'the filter loss adds to what the masks and fixed placement give.' : 'the filter loss does not add measurably to what the masks alone / fixed placement give.')
  );
}
