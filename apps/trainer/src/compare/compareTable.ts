// The side-by-side table of `icnn compare` (plain text, also the report's description) and its plain verdict on
// whether the filter loss adds to what the masks alone and fixed placement give.
import type { RunMetrics } from '../evaluate/evaluateNetwork';
import type { CompareResult } from './compareResult';

const f3 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));

/** Seed-to-seed spread of instability measured in shared/notes/reproduction.md (same data and settings). */
export const SEED_NOISE = 0.007;

export function compareTable(result: CompareResult): string {
  const rows: [string, RunMetrics | undefined][] = [
    ['ordinary', result.ordinary],
    ['interpretable', result.interpretable],
    ['masks only (control)', result.controls?.maskOnly],
    ['centre mask (control)', result.controls?.centreMask],
  ];
  const header = `${'network'.padEnd(24)} ${'val acc'.padStart(8)} ${'instab.'.padStart(8)} ${'most-freq'.padStart(10)} ${'best-fixed'.padStart(11)} ${'random'.padStart(8)} ${'track R²'.padStart(9)}${result.ordinary?.partInterpretability !== undefined ? ' part IoU'.padStart(9) : ''}`;
  const lines = rows
    .filter(([, m]) => m != null)
    .map(([name, m]) => `${name.padEnd(24)} ${f3(m!.accuracy).padStart(8)} ${f3(m!.locationInstability).padStart(8)} ${f3(m!.references?.mostFrequent).padStart(10)} ${f3(m!.references?.bestPosition).padStart(11)} ${f3(m!.references?.random).padStart(8)} ${f3(m!.partTracking).padStart(9)}${m!.partInterpretability !== undefined ? f3(m!.partInterpretability).padStart(9) : ''}`);
  return [
    header,
    ...lines,
    '',
    'References: the same filters fixed at their most frequent cell, at the best single cell, at a random cell. Track R²: landmark position explained by the peak (fixed placement scores 0).',
    compareSummary(result),
  ].join('\n');
}

/** The ratio, the accuracy difference and the verdict in two sentences (the report's description). */
export function compareSummary(result: CompareResult): string {
  return `Instability interpretable/ordinary = ${f3(result.instabilityRatio)}; accuracy interpretable − ordinary = ${(result.accuracyDifference * 100).toFixed(1)} points. ${verdictOf(result)}`;
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
