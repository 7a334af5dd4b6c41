// The mask playground: paint a feature map (or pick one), and see the mask partMask centres on it, µ̂, and the masked
// map that the next layer receives.
import { heatMapOverlay, rgbaFromPixels } from '@icnn/metrics/render';
import { cellAt, drawImage } from '../ui/canvas';
import { choice, formatNumber, h, publishState, slider } from '../ui/dom';
import { mapPicture } from '../ui/heatMap';
import { latestOnly } from '../ui/latestOnly';
import { statusLine } from '../ui/status';
import { EXAMPLE_STYLES } from '../ui/styles';
import { addBump, partWorldMap, PRESETS, presetMap, type Preset, type PresetMap } from './featureMaps';
import { maskView } from './maskView';

const SIDE = 208;

export function mountMaskPlayground(root: ShadowRoot, host: HTMLElement): () => void {
  const state = {
    n: 13,
    preset: 'one part' as Preset,
    seed: 1,
    variant: 'paper' as 'paper' | 'authors',
    beta: 4,
    maskScale: 'unit' as 'unit' | 'tau',
    placement: 'peak' as 'peak' | 'centre',
    current: { map: new Float32Array(13 * 13) } as PresetMap,
  };
  const status = statusLine(host);
  const input = h('canvas', { 'data-role': 'input', title: 'click or drag to paint activation' });
  const maskCanvas = h('canvas', { 'data-role': 'mask' });
  const maskedCanvas = h('canvas', { 'data-role': 'masked' });
  const source = h('canvas', { 'data-role': 'source' });
  const sourceFigure = h('figure', {}, source, h('figcaption', { 'data-role': 'source-caption' }));
  const readout = h('pre', { class: 'readout', 'data-role': 'readout' });
  const betaSlider = slider({ label: 'β', name: 'beta', min: 0.5, max: 8, step: 0.5, value: state.beta, onInput: (v) => ((state.beta = v), refresh()) });

  const loadPreset = async () => {
    state.current = state.preset === 'PartWorld part' ? await partWorldMap(state.n, state.seed) : { map: presetMap(state.preset, state.n, state.seed) };
  };
  let presetPending = true;
  const refresh = latestOnly(async () => {
    await status.backend();
    if (presetPending) {
      presetPending = false;
      await loadPreset();
    }
    const { n } = state;
    const x = state.current.map;
    const view = await maskView({ map: x, n, variant: state.variant, beta: state.beta, maskScale: state.maskScale, placement: state.placement });
    const top = Math.max(1e-6, ...x);
    drawImage(input, mapPicture(x, n, SIDE, { range: [0, top], marker: view.argmax }));
    const maskTop = Math.max(...view.mask);
    drawImage(maskCanvas, mapPicture(view.mask, n, SIDE, { range: [-maskTop, maskTop], marker: view.mu }));
    drawImage(maskedCanvas, mapPicture(view.masked, n, SIDE, { range: [0, Math.max(1e-6, ...view.masked)], marker: view.mu }));
    sourceFigure.hidden = state.current.source === undefined;
    if (state.current.source) {
      const { sample, part } = state.current.source;
      const image = rgbaFromPixels(sample.image.data, sample.image.height, sample.image.width, 3, [0, 255]);
      const stride = sample.image.width / n;
      drawImage(source, heatMapOverlay({ image, map: x, mapShape: [n, n], receptiveField: { stride, centre: (stride - 1) / 2 }, alphaByValue: true, alpha: 0.7 }));
      sourceFigure.querySelector('figcaption')!.textContent = `PartWorld sample (seed ${state.seed}, ${sample.category}): the '${part}' part, the map a perfect part filter would give.`;
    }
    const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);
    const kept = sum(x) > 0 ? sum(view.masked) / sum(x) : 0;
    readout.textContent = [
      `µ̂ (mask centre) = (${view.mu.join(', ')})`,
      `argmax of x     = (${view.argmax.join(', ')})`,
      `mask at µ̂ = ${formatNumber(view.mask[view.mu[0] * n + view.mu[1]])}, min mask = ${formatNumber(Math.min(...view.mask))}`,
      `x at µ̂ = ${formatNumber(x[view.mu[0] * n + view.mu[1]])} → masked ${formatNumber(view.masked[view.mu[0] * n + view.mu[1]])}`,
      `activation kept: ${(100 * kept).toFixed(1)}%`,
    ].join('\n');
    publishState(host, { ...view, map: Array.from(x), variant: state.variant, beta: state.beta, maskScale: state.maskScale, placement: state.placement, preset: state.preset });
  }, status.fail);

  const choosePreset = (preset: Preset) => {
    state.preset = preset;
    presetPending = true;
    refresh();
  };
  let lastCell = '';
  const paint = (event: PointerEvent) => {
    const cell = cellAt(input, event, state.n);
    if (event.type === 'pointermove' && (event.buttons === 0 || `${cell}` === lastCell)) return;
    lastCell = `${cell}`;
    addBump(state.current.map, state.n, cell, 0.6, 0.8);
    delete state.current.source;
    refresh();
  };
  input.addEventListener('pointerdown', paint);
  input.addEventListener('pointermove', paint);
  input.addEventListener('pointerup', () => (lastCell = ''));

  root.append(
    h('style', {}, EXAMPLE_STYLES),
    h(
      'div',
      { class: 'controls' },
      choice({ label: 'feature map', name: 'preset', values: PRESETS, value: state.preset, onChange: choosePreset }),
      h('button', { name: 'another', onclick: () => ((state.seed += 1), choosePreset(state.preset)) }, 'another one'),
      slider({ label: 'n', name: 'n', min: 5, max: 16, step: 1, value: state.n, onInput: (v) => ((state.n = v), choosePreset(state.preset)) }).element,
      choice({ label: 'variant', name: 'variant', values: ['paper', 'authors'] as const, value: state.variant, onChange: (v) => {
        state.variant = v;
        state.beta = v === 'paper' ? 4 : 2;
        betaSlider.input.value = String(state.beta);
        betaSlider.input.dispatchEvent(new Event('input'));
      } }),
      betaSlider.element,
      choice({ label: 'mask scale (paper)', name: 'maskScale', values: ['unit', 'tau'] as const, value: state.maskScale, onChange: (v) => ((state.maskScale = v), refresh()) }),
      choice({ label: 'placement', name: 'placement', values: ['peak', 'centre'] as const, value: state.placement, onChange: (v) => ((state.placement = v), refresh()) }),
    ),
    h(
      'div',
      { class: 'panels' },
      h('figure', {}, input, h('figcaption', {}, 'x: the filter’s map. Click or drag to paint; the ring marks its argmax.')),
      h('figure', {}, maskCanvas, h('figcaption', {}, 'The mask (blue negative, red positive); the ring marks µ̂.')),
      h('figure', {}, maskedCanvas, h('figcaption', {}, 'max(x ∘ mask, 0): what the next layer sees.')),
      sourceFigure,
    ),
    readout,
    status.element,
  );
  refresh();
  return () => {};
}
