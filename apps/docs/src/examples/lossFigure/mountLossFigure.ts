// The loss figure: a batch of one filter's maps (a part bump on some images, faint noise on the others) and the
// exact −MI with its two entropy terms, recomputed as the sliders move.
import { peakGrid } from '@icnn/metrics/render';
import { drawImage } from '../ui/canvas';
import { formatNumber, h, publishState, slider } from '../ui/dom';
import { mapPicture } from '../ui/heatMap';
import { latestOnly } from '../ui/latestOnly';
import { statusLine } from '../ui/status';
import { EXAMPLE_STYLES } from '../ui/styles';
import { lossBatch, lossTermsView, type LossBatchOptions } from './lossView';
import { termsChart } from './termsChart';

export function mountLossFigure(root: ShadowRoot, host: HTMLElement): () => void {
  const options: LossBatchOptions = { n: 7, batch: 24, withPart: 0.75, scale: 200, width: 0.8, jitter: 1, seed: 1 };
  const status = statusLine(host);
  const tiles = h('canvas', { 'data-role': 'maps' });
  const chart = h('div', { 'data-role': 'chart' });
  const readout = h('pre', { class: 'readout', 'data-role': 'readout' });

  const refresh = latestOnly(async () => {
    await status.backend();
    const { maps, hasPart } = lossBatch(options);
    const terms = await lossTermsView(maps, options.n);
    const top = Math.max(...maps.map((m) => Math.max(...m)));
    const perRow = 12;
    const rows = Array.from({ length: Math.ceil(maps.length / perRow) }, (_, r) =>
      maps.slice(r * perRow, (r + 1) * perRow).map((m) => ({ image: mapPicture(m, options.n, 35, { range: [0, top] }), peak: null })),
    );
    drawImage(tiles, peakGrid({ rows, tile: 35, gap: 3 }));
    chart.innerHTML = termsChart(terms);
    readout.textContent = [
      `Loss = −MI            = ${formatNumber(terms.loss)}`,
      `−H(T) + H(T′|X) + spatial = ${formatNumber(-terms.priorEntropy + terms.interCategoryEntropy + terms.spatialEntropy)}`,
    ].join('\n');
    publishState(host, { ...terms, options, hasPart, maps: maps.map((m) => Array.from(m)) });
  }, status.fail);

  const control = (label: string, name: keyof LossBatchOptions, min: number, max: number, step: number, format?: (v: number) => string) =>
    slider({ label, name, min, max, step, value: options[name], format, onInput: (v) => ((options[name] = v), refresh()) }).element;

  root.append(
    h('style', {}, EXAMPLE_STYLES),
    h(
      'div',
      { class: 'controls' },
      control('activation scale', 'scale', 10, 2000, 10),
      control('bump width (cells)', 'width', 0.4, 3, 0.1),
      control('position jitter (cells)', 'jitter', 0, 3, 0.5),
      control('share of images with the part', 'withPart', 0, 1, 0.125, (v) => `${Math.round(v * options.batch)}/${options.batch}`),
      h('button', { name: 'reseed', onclick: () => ((options.seed += 1), refresh()) }, 'new batch'),
    ),
    h('div', { class: 'panels' }, h('figure', {}, tiles, h('figcaption', {}, 'The batch X: one filter’s 7×7 maps on 24 images.')), chart),
    readout,
    status.element,
  );
  refresh();
  return () => {};
}
