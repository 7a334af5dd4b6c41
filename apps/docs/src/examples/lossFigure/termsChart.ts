// A bar chart of the loss and its parts as an SVG string: −H(T), H(T′|X), the spatial term and their sum, with the
// labels in a left column, the values in a right one, and the bars between them about a zero line.
import { escapeHtml } from '@icnn/metrics/render';
import { formatNumber } from '../ui/dom';
import type { LossTermsView } from './lossView';

export function termsChart(terms: LossTermsView, width = 560, height = 200): string {
  const bars: [string, number, string][] = [
    ['−H(T)  (priors)', -terms.priorEntropy, '#888'],
    ['H(T′|X)  (inter-category)', terms.interCategoryEntropy, '#1f77b4'],
    ['Σ p(T⁺,x) H(T⁺|X=x)  (spatial)', terms.spatialEntropy, '#2ca02c'],
    ['Loss = −MI  (their sum)', terms.loss, '#d62728'],
  ];
  const labels = 220;
  const values = 70;
  const plot = width - labels - values - 16;
  const low = Math.min(0, ...bars.map((b) => b[1]));
  const high = Math.max(0, ...bars.map((b) => b[1]));
  const scale = plot / Math.max(1e-9, high - low);
  const zero = labels + 8 + -low * scale;
  const row = height / bars.length;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`];
  bars.forEach(([label, value, colour], k) => {
    const y = k * row;
    const x = value >= 0 ? zero : zero + value * scale;
    parts.push(`<text x="${labels}" y="${(y + row / 2 + 4).toFixed(1)}" text-anchor="end" fill="currentColor">${escapeHtml(label)}</text>`);
    parts.push(`<rect x="${x.toFixed(1)}" y="${(y + 6).toFixed(1)}" width="${Math.max(1, Math.abs(value) * scale).toFixed(1)}" height="${(row - 12).toFixed(1)}" fill="${colour}"/>`);
    parts.push(`<text x="${width - 4}" y="${(y + row / 2 + 4).toFixed(1)}" text-anchor="end" fill="currentColor">${escapeHtml(formatNumber(value))}</text>`);
  });
  parts.push(`<line x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="0" y2="${height}" stroke="#999"/>`);
  parts.push('</svg>');
  return parts.join('');
}
