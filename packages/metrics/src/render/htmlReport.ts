// One self-contained HTML report (NetDissect-Lite's report step): per run, the headline figures with the
// fixed-placement references beside the instability, the per-filter records table with each filter's pictures, and
// any shared figures (the ordinary-vs-interpretable chart). Pictures are inline (PNG data URIs, SVG markup): the file
// needs no other file and no network.
import type { FilterRecord } from '../filterRecords';
import { assertArray, assertObject, describe } from '../validate';
import { pngDataUri } from './base64';
import { escapeHtml } from './escapeHtml';

export interface ReportFigure {
  title?: string;
  caption?: string;
  /** PNG bytes (from `encodePng`), inlined as a data URI. */
  png?: Uint8Array;
  /** SVG markup (e.g. from `instabilityChart`), inlined as is: pass only SVG this package made or that you trust. */
  svg?: string;
}

export interface ReportRun {
  /** e.g. 'ordinary VGG-16' or 'interpretable VGG-16'. */
  name: string;
  records: readonly FilterRecord[];
  /** Mean location instability and, beside it, the mean references of the same filters. */
  instability: number;
  references?: { mostFrequent: number; bestPosition: number; random: number } | null;
  /** Mean R² (combined) of part tracking. */
  tracking?: number | null;
  /** Mean part interpretability P_f. */
  partScore?: number | null;
  /**
   * The same location figures on shifted crops (each object cut from an enlarged box moved by a random offset, so
   * that parts move within the crop), shown in a row under the run's.
   */
  shifted?: { instability: number; references?: ReportRun['references']; tracking?: number | null };
  /** Pictures per filter (keyed by `record.filter`), shown in that filter's row: heat maps, top-image strips. */
  filterFigures?: Readonly<Record<number, readonly ReportFigure[]>>;
}

export interface ReportOptions {
  title: string;
  /** A paragraph under the title (plain text). */
  description?: string;
  runs: readonly ReportRun[];
  /** Figures shown before the runs (e.g. the instability chart). */
  figures?: readonly ReportFigure[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right;vertical-align:top}
th{background:#f4f4f4}td.l,th.l{text-align:left}.summary td{font-size:14px}.ref{color:#666}
figure{display:inline-block;margin:4px 12px 4px 0;vertical-align:top}figcaption{font-size:11px;color:#555;max-width:420px}
img{image-rendering:pixelated}.note{font-size:12px;color:#555;max-width:900px}`;

/** The report as one HTML document string. */
export function htmlReport(options: ReportOptions): string {
  const fn = 'htmlReport';
  assertObject(fn, 'options', options, '{ title, runs, description?, figures? }');
  if (typeof options.title !== 'string') throw new TypeError(`${fn}: 'title' must be a string, got ${describe(options.title)}`);
  assertArray(fn, 'runs', options.runs);
  const body: string[] = [`<h1>${escapeHtml(options.title)}</h1>`];
  if (options.description) body.push(`<p>${escapeHtml(options.description)}</p>`);
  if (options.runs.length > 0) body.push(summaryTable(options.runs));
  body.push(
    `<p class="note">Location instability (lower is better) sits beside its references: the same filters' instability had each fired ` +
      `always at its most frequent cell, always at the best single cell, or at a uniformly random cell. A figure shows part tracking ` +
      `only when it is clearly below the fixed-placement references; R² (peak vs landmark position) is 0 for any fixed placement.` +
      (options.runs.some((run) => run.shifted)
        ? ` Rows "shifted crops": the same figures with each object cut from its box enlarged and moved by a random offset, so that ` +
          `parts move within the crop — there a filter fixed at one cell loses to one that follows its part.`
        : '') +
      `</p>`,
  );
  (options.figures ?? []).forEach((figure, n) => body.push(figureHtml(fn, `figures[${n}]`, figure)));
  options.runs.forEach((run, n) => body.push(runSection(fn, run, n)));
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(options.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

/** Instability, its references and tracking as the summary table's cells (one protocol). */
function locationCells(figures: { instability: number; references?: ReportRun['references']; tracking?: number | null }): string {
  const r = figures.references;
  return (
    `<td><b>${num(figures.instability)}</b></td>` +
    `<td class="ref">${num(r?.mostFrequent)}</td><td class="ref">${num(r?.bestPosition)}</td><td class="ref">${num(r?.random)}</td><td>${num(figures.tracking)}</td>`
  );
}

function summaryTable(runs: readonly ReportRun[]): string {
  const rows = runs.map(
    (run) =>
      `<tr><td class="l">${escapeHtml(run.name)}</td>${locationCells(run)}<td>${num(run.partScore)}</td><td>${run.records.length}</td></tr>` +
      (run.shifted ? `\n<tr><td class="l">↳ shifted crops</td>${locationCells(run.shifted)}<td>–</td><td>${run.records.length}</td></tr>` : ''),
  );
  return (
    `<table class="summary"><tr><th class="l">run</th><th>instability</th><th>ref: most frequent cell</th><th>ref: best fixed cell</th>` +
    `<th>ref: random cell</th><th>R² (tracking)</th><th>part score P</th><th>filters</th></tr>\n${rows.join('\n')}</table>`
  );
}

function runSection(fn: string, run: ReportRun, n: number): string {
  assertObject(fn, `runs[${n}]`, run as unknown, '{ name, records, instability, ... }');
  assertArray(fn, `runs[${n}].records`, run.records);
  const head =
    `<tr><th>filter</th><th class="l">category</th><th class="l">best landmark</th><th>instability</th><th>ref: most frequent</th>` +
    `<th>ref: best fixed</th><th>ref: random</th><th>R² x</th><th>R² y</th><th>R²</th><th class="l">best part</th><th>P</th><th>IoU</th><th>mean act.</th><th class="l">pictures</th></tr>`;
  const rows = run.records.map((r) => {
    const figures = (run.filterFigures?.[r.filter] ?? []).map((f, k) => figureHtml(fn, `runs[${n}].filterFigures[${r.filter}][${k}]`, f)).join('');
    return (
      `<tr><td>${r.filter}</td><td class="l">${text(r.category)}</td><td class="l">${text(r.bestLandmark)}</td><td><b>${num(r.instability)}</b></td>` +
      `<td class="ref">${num(r.references.mostFrequent)}</td><td class="ref">${num(r.references.bestPosition)}</td><td class="ref">${num(r.references.random)}</td>` +
      `<td>${num(r.r2.x)}</td><td>${num(r.r2.y)}</td><td>${num(r.r2.combined)}</td><td class="l">${text(r.bestPart)}</td><td>${num(r.partScore)}</td>` +
      `<td>${num(r.iou)}</td><td>${num(r.meanActivation)}</td><td class="l">${figures}</td></tr>`
    );
  });
  return `<h2>${escapeHtml(run.name)}</h2>\n<table>\n${head}\n${rows.join('\n')}\n</table>`;
}

function figureHtml(fn: string, name: string, figure: ReportFigure): string {
  assertObject(fn, name, figure as unknown, '{ title?, caption?, png?, svg? }');
  const content: string[] = [];
  if (figure.png !== undefined) {
    if (!(figure.png instanceof Uint8Array)) throw new TypeError(`${fn}: '${name}.png' must be PNG bytes (Uint8Array), got ${describe(figure.png)}`);
    content.push(`<img alt="${escapeHtml(figure.title ?? figure.caption ?? 'figure')}" src="${pngDataUri(figure.png)}">`);
  }
  if (figure.svg !== undefined) {
    if (typeof figure.svg !== 'string' || !/^\s*<svg[\s>]/.test(figure.svg)) throw new TypeError(`${fn}: '${name}.svg' must be SVG markup starting with <svg, got ${describe(figure.svg)}`);
    content.push(figure.svg);
  }
  const caption = [figure.title ? `<b>${escapeHtml(figure.title)}</b>` : '', figure.caption ? escapeHtml(figure.caption) : ''].filter(Boolean).join(' ');
  return `<figure>${content.join('')}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function num(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3)) : '–';
}

function text(v: string | number | null): string {
  return v === null ? '–' : escapeHtml(String(v));
}
