// How a run's figures reach the terminal: one JSON object (--json) or a short table.
import { SHIFTED_EVALUATION } from '@icnn/datasets';
import type { LocationFigures, RunMetrics } from '../evaluate/evaluateNetwork';

const f = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(3));

/** Instability with its references and tracking, as one clause (the same for both protocols). */
function locationText(m: LocationFigures): string {
  const r = m.references;
  return `location instability ${f(m.locationInstability)} (references: most frequent cell ${f(r?.mostFrequent)}, best fixed cell ${f(r?.bestPosition)}, random cell ${f(r?.random)}), part tracking R² ${f(m.partTracking)}${m.partTrackingBestTenth != null ? ` (best tenth of filters ${f(m.partTrackingBestTenth)})` : ''}`;
}

export function printMetrics(kind: string, metrics: RunMetrics, json: boolean, out?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ kind, ...metrics })}\n`);
    return;
  }
  process.stdout.write(
    [
      `${kind}: validation accuracy ${f(metrics.accuracy)} (${metrics.validationImages} images)${metrics.skippedImages > 0 ? `; ${metrics.skippedImages} unreadable images skipped (named on stderr)` : ''}`,
      `box crops (paper), ${metrics.evaluationImages} images: ${locationText(metrics)}${metrics.partInterpretability !== undefined ? `, part interpretability ${f(metrics.partInterpretability)}` : ''}`,
      `shifted crops (box ${String(SHIFTED_EVALUATION.scale)}×, moved ±${SHIFTED_EVALUATION.shift * 100}%): ${locationText(metrics.shifted)}`,
      ...(out ? [`written: ${out}/ (checkpoint/, log.jsonl, metrics.json, filters.json/.csv, report.html)`] : []),
    ].join('\n') + '\n',
  );
}
