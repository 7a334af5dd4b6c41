// How a run's figures reach the terminal: one JSON object (--json) or a short table.
import type { RunMetrics } from '../evaluate/evaluateNetwork';

export function printMetrics(kind: string, metrics: RunMetrics, json: boolean, out?: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ kind, ...metrics })}\n`);
    return;
  }
  const r = metrics.references;
  const f = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(3));
  process.stdout.write(
    [
      `${kind}: validation accuracy ${f(metrics.accuracy)} (${metrics.validationImages} images)`,
      `location instability ${f(metrics.locationInstability)} over ${metrics.evaluationImages} images (references: most frequent cell ${f(r?.mostFrequent)}, best fixed cell ${f(r?.bestPosition)}, random cell ${f(r?.random)})`,
      `part tracking R² ${f(metrics.partTracking)}${metrics.partInterpretability !== undefined ? `, part interpretability ${f(metrics.partInterpretability)}` : ''}`,
      ...(out ? [`written: ${out}/ (checkpoint/, log.jsonl, metrics.json, filters.json/.csv, report.html)`] : []),
    ].join('\n') + '\n',
  );
}
