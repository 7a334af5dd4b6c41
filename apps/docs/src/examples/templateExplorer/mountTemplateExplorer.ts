// The template explorer: pick n, β and the distance, click a cell to move µ, and see T_µ as a heat map beside all n²
// templates; the read-out gives τ, the priors, where T_µ peaks and its value at a probe cell.
import { peakGrid } from '@icnn/metrics/render';
import { drawImage, cellAt } from '../ui/canvas';
import { choice, formatNumber, h, integerInput, publishState, slider } from '../ui/dom';
import { mapPicture } from '../ui/heatMap';
import { latestOnly } from '../ui/latestOnly';
import { statusLine } from '../ui/status';
import { EXAMPLE_STYLES } from '../ui/styles';
import { templateView } from './templateView';

const SIDE = 260;

export function mountTemplateExplorer(root: ShadowRoot, host: HTMLElement): () => void {
  const state = { n: Number(host.getAttribute('n') ?? 7), beta: 4, norm: 'l1' as 'l1' | 'l2', mu: [2, 4] as [number, number], probe: [3, 3] as [number, number] };
  state.mu = [Math.min(state.mu[0], state.n - 1), Math.min(state.mu[1], state.n - 1)];
  const status = statusLine(host);
  const canvas = h('canvas', { 'data-role': 'template', width: SIDE, height: SIDE, title: 'click: move µ here; hover: probe a cell' });
  const grid = h('canvas', { 'data-role': 'all-templates' });
  const gridFigure = h('figure', {}, grid, h('figcaption', {}, 'All n² positive templates, row µi, column µj (n ≤ 8).'));
  const readout = h('pre', { class: 'readout', 'data-role': 'readout' });
  const clampCell = (v: number) => Math.min(state.n - 1, Math.max(0, v));

  const mui = integerInput({ label: 'µi', name: 'mu-row', min: 0, max: state.n - 1, value: state.mu[0], onChange: (v) => ((state.mu[0] = v), refresh()) });
  const muj = integerInput({ label: 'µj', name: 'mu-col', min: 0, max: state.n - 1, value: state.mu[1], onChange: (v) => ((state.mu[1] = v), refresh()) });
  const probei = integerInput({ label: 'probe i', name: 'probe-row', min: 0, max: state.n - 1, value: state.probe[0], onChange: (v) => ((state.probe[0] = v), refresh()) });
  const probej = integerInput({ label: 'probe j', name: 'probe-col', min: 0, max: state.n - 1, value: state.probe[1], onChange: (v) => ((state.probe[1] = v), refresh()) });
  const cellInputs = [mui.input, muj.input, probei.input, probej.input];
  const setN = (n: number) => {
    state.n = n;
    state.mu = [clampCell(state.mu[0]), clampCell(state.mu[1])];
    state.probe = [clampCell(state.probe[0]), clampCell(state.probe[1])];
    for (const input of cellInputs) input.max = String(n - 1);
    [mui.input.value, muj.input.value, probei.input.value, probej.input.value] = [...state.mu, ...state.probe].map(String);
    refresh();
  };

  const refresh = latestOnly(async () => {
    await status.backend();
    const view = await templateView(state);
    drawImage(canvas, mapPicture(view.template, view.n, SIDE, { range: [-view.tau, view.tau], marker: view.peak }));
    gridFigure.hidden = view.all === null;
    if (view.all !== null) {
      const cells = view.n * view.n;
      const tile = Math.max(16, Math.floor(288 / view.n));
      const rows = Array.from({ length: view.n }, (_, i) =>
        Array.from({ length: view.n }, (_, j) => ({ image: mapPicture(view.all!.slice((i * view.n + j) * cells, (i * view.n + j + 1) * cells), view.n, tile, { range: [-view.tau, view.tau] }), peak: null })),
      );
      drawImage(grid, peakGrid({ rows, tile, gap: 2 }));
    }
    readout.textContent = [
      `n = ${view.n}, β = ${view.beta}, ${view.norm} distance`,
      `τ = 0.5/n² = ${formatNumber(view.tau)}, α = n²/(1+n²) = ${formatNumber(view.alpha)}`,
      `T_µ: µ = (${view.mu.join(', ')}), index µi·n + µj = ${view.index}`,
      `argmax of T_µ = (${view.peak.join(', ')}), max = τ = ${formatNumber(view.template[view.peak[0] * view.n + view.peak[1]])}`,
      `t(${view.probe.join(', ')}) = ${formatNumber(view.probeValue)}`,
      `T⁻ = −τ = ${formatNumber(view.negativeValue)} everywhere`,
      `p(T_µ) = α/n² = ${formatNumber(view.prior.positive)} each, p(T⁻) = 1 − α = ${formatNumber(view.prior.negative)}`,
    ].join('\n');
    const { all: _all, template: _template, ...summary } = view;
    publishState(host, summary);
  }, status.fail);

  canvas.addEventListener('click', (event) => {
    state.mu = cellAt(canvas, event, state.n);
    [mui.input.value, muj.input.value] = state.mu.map(String);
    refresh();
  });
  canvas.addEventListener('mousemove', (event) => {
    const cell = cellAt(canvas, event, state.n);
    if (cell[0] === state.probe[0] && cell[1] === state.probe[1]) return;
    state.probe = cell;
    [probei.input.value, probej.input.value] = cell.map(String);
    refresh();
  });

  root.append(
    h('style', {}, EXAMPLE_STYLES),
    h(
      'div',
      { class: 'controls' },
      slider({ label: 'n', name: 'n', min: 3, max: 16, step: 1, value: state.n, onInput: setN }).element,
      slider({ label: 'β', name: 'beta', min: 0.5, max: 8, step: 0.5, value: state.beta, onInput: (v) => ((state.beta = v), refresh()) }).element,
      choice({ label: 'distance', name: 'norm', values: ['l1', 'l2'] as const, value: state.norm, onChange: (v) => ((state.norm = v), refresh()) }),
      mui.element,
      muj.element,
      probei.element,
      probej.element,
    ),
    h('div', { class: 'panels' }, h('figure', {}, canvas, h('figcaption', {}, 'T_µ on the colour scale −τ (blue) … τ (red); the ring marks its argmax.')), gridFigure, readout),
    status.element,
  );
  refresh();
  return () => {};
}
