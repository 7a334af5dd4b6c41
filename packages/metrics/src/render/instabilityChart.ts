// The chart of per-filter instability, ordinary vs interpretable: each series' filters sorted by instability (x = rank
// as a share of the series, so series of different widths line up), with its fixed-placement references as dashed
// lines in the series' colour, so that a reader sees at once whether a network's filters beat a filter nailed to one
// cell. An SVG string: self-contained, scalable, embeddable in HTML as is.
import { assertArray, assertObject } from '../validate';
import { escapeHtml } from './escapeHtml';

export interface ChartSeries {
  /** Legend name, e.g. 'ordinary' or 'interpretable'. */
  name: string;
  /** Instability per filter (non-finite values, i.e. filters left out, are skipped). */
  perFilter: ArrayLike<number>;
  /** Mean references of the same filters, drawn as dashed lines. */
  references?: { mostFrequent?: number; bestPosition?: number; random?: number } | null;
  /** CSS colour; default from a fixed palette. */
  colour?: string;
}

export interface ChartOptions {
  series: readonly ChartSeries[];
  title?: string;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const DASH: Record<string, string> = { mostFrequent: '6 3', bestPosition: '2 3', random: '10 4 2 4' };
const LABEL: Record<string, string> = { mostFrequent: 'most frequent cell', bestPosition: 'best fixed cell', random: 'random cell' };

export function instabilityChart(options: ChartOptions): string {
  const fn = 'instabilityChart';
  assertObject(fn, 'options', options, '{ series, title?, width?, height? }');
  assertArray(fn, 'series', options.series);
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const margin = { left: 56, right: 170, top: options.title ? 32 : 12, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const series = options.series.map((s, n) => {
    assertArray(fn, `series[${n}].perFilter`, s?.perFilter);
    const values = Array.from(s.perFilter).filter(Number.isFinite).sort((a, b) => a - b);
    const refs = Object.entries(s.references ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
    return { name: s.name, values, refs, colour: s.colour ?? PALETTE[n % PALETTE.length] };
  });
  const all = series.flatMap((s) => [...s.values, ...s.refs.map((r) => r[1])]);
  const top = niceCeil(all.length > 0 ? Math.max(...all) : 1);
  const y = (v: number) => margin.top + plotH * (1 - v / top);
  // Dots keep 3% of the width clear of the axes.
  const x = (share: number) => margin.left + plotW * (0.03 + 0.94 * share);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeHtml(options.title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (top * t) / 4;
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${format(v)}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 8}" text-anchor="middle">filters, sorted by instability (rank / count)</text>`);
  parts.push(`<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">location instability (lower is better)</text>`);
  let legendY = margin.top + 6;
  const legendX = margin.left + plotW + 14;
  for (const s of series) {
    const colour = escapeHtml(s.colour);
    s.values.forEach((v, i) => {
      const share = s.values.length === 1 ? 0.5 : i / (s.values.length - 1);
      parts.push(`<circle cx="${x(share).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}" fill-opacity="0.8"><title>${escapeHtml(`${s.name}: ${format(v)}`)}</title></circle>`);
    });
    parts.push(`<circle cx="${legendX + 6}" cy="${legendY}" r="4" fill="${colour}"/><text x="${legendX + 16}" y="${legendY + 4}">${escapeHtml(`${s.name} (${s.values.length})`)}</text>`);
    legendY += 16;
    for (const [key, v] of s.refs) {
      parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${colour}" stroke-dasharray="${DASH[key] ?? '4 4'}"><title>${escapeHtml(`${s.name}, ${LABEL[key] ?? key}: ${format(v)}`)}</title></line>`);
      parts.push(`<line x1="${legendX}" x2="${legendX + 12}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-dasharray="${DASH[key] ?? '4 4'}"/><text x="${legendX + 16}" y="${legendY + 4}">${escapeHtml(`${LABEL[key] ?? key} ${format(v)}`)}</text>`);
      legendY += 14;
    }
    legendY += 6;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}

function format(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
