// The live training example: choose the network and the run's size, start, and watch — after each epoch — the
// steadiest filters of the interpretable layer on the images where they fire most, the layer's location instability
// per filter beside its fixed-placement references, and a row per epoch; stop at any time.
import { heatMapOverlay, instabilityChart, peakGrid, rgbaFromPixels, type ChartSeries } from '@icnn/metrics/render';
import { drawImage } from '../ui/canvas';
import { choice, formatNumber, h, publishState, slider } from '../ui/dom';
import { WASM_PATHS } from '../backend';
import { statusLine } from '../ui/status';
import { yieldToPage } from '../ui/yieldToPage';
import { EXAMPLE_STYLES } from '../ui/styles';
import { planWorkers, requestedWorkers, startPageWorkers, type WorkerPlan } from './pageWorkers';
import { DEFAULT_SETTINGS, prepareTrainingData, trainInPage, type EpochReport, type TrainingSettings } from './trainingSession';

type Status = 'idle' | 'preparing' | 'training' | 'stopping' | 'stopped' | 'done' | 'failed';

const TILE = 96;
const CHART_COLOURS = { first: '#9aa7b8', latest: '#d62728' };

/** The figures of one epoch that the page publishes (the maps stay in the pictures). */
function summary(report: EpochReport) {
  const { filters, perFilter: _perFilter, receptiveField: _receptiveField, ...figures } = report;
  return { ...figures, shownFilters: filters.map((f) => ({ filter: f.filter, instability: f.instability, images: f.tiles.map((t) => t.image) })) };
}

export function mountTrainingDemo(root: ShadowRoot, host: HTMLElement): () => void {
  const settings: TrainingSettings = { ...DEFAULT_SETTINGS };
  let status: Status = 'idle';
  let controller: AbortController | null = null;
  let reports: EpochReport[] = [];
  let progress: { epoch: number; batch: number; batches: number } | null = null;
  const line = statusLine(host);

  const startButton = h('button', { name: 'start' }, 'Start training');
  const stopButton = h('button', { name: 'stop', disabled: true }, 'Stop');
  const bar = h('progress', { max: 1, value: 0, style: 'width: 100%' });
  const progressText = h('p', { class: 'readout', 'data-role': 'progress' }, 'Press start: the data are generated in this page, then the network trains here.');
  const grid = h('canvas', { 'data-role': 'filters' });
  const gridCaption = h('figcaption', { 'data-role': 'filters-caption' });
  const chart = h('div', { 'data-role': 'chart' });
  const table = h('table', { 'data-role': 'epochs' });
  const workersText = h('p', { class: 'readout', 'data-role': 'workers' });
  let plan: WorkerPlan | null = null;
  /** Runs started on this page (so that a reader of the state can tell one finished run from the next). */
  let runs = 0;

  let running: TrainingSettings | null = null;
  const publish = () => publishState(host, { status, run: runs, settings: running ?? settings, workers: plan, progress, epochs: reports.map(summary) });
  const setStatus = (next: Status) => {
    status = next;
    startButton.disabled = next === 'preparing' || next === 'training' || next === 'stopping';
    stopButton.disabled = !(next === 'preparing' || next === 'training');
    publish();
  };

  const showEpoch = (report: EpochReport) => {
    const rows = report.filters.map((picture) => {
      const top = Math.max(1e-6, ...picture.tiles.flatMap((t) => Array.from(t.map)));
      return picture.tiles.map((tile) => ({
        image: heatMapOverlay({
          image: rgbaFromPixels(data!.pixels[tile.image], 64, 64, 3, [0, 255]),
          map: tile.map,
          mapShape: tile.mapShape,
          receptiveField: report.receptiveField,
          range: [0, top],
          alpha: 0.9,
          alphaByValue: true,
        }),
        peak: tile.peak as [number, number],
      }));
    });
    drawImage(grid, peakGrid({ rows, tile: TILE, gap: 4 }));
    gridCaption.textContent = `Epoch ${report.epoch}: the ${report.filters.length} filters with the lowest instability (rows: ${report.filters
      .map((f) => `#${f.filter} ${formatNumber(f.instability)}`)
      .join(', ')}), each on its top images; the ring marks the peak.`;
    const series: ChartSeries[] = [];
    if (reports.length > 1) series.push({ name: 'epoch 1', perFilter: reports[0].perFilter, colour: CHART_COLOURS.first });
    series.push({ name: `epoch ${report.epoch}`, perFilter: report.perFilter, references: report.references, colour: CHART_COLOURS.latest });
    chart.innerHTML = instabilityChart({ series, title: 'Location instability of the new conv layer, per filter', width: 640, height: 300 });
    const head = ['epoch', 'loss', '−MI (filter loss)', 'train acc.', 'instability', 'best fixed cell', 'part tracking R²', 's', 'images/s'];
    table.replaceChildren(
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        ...reports.map((r) =>
          h(
            'tr',
            {},
            ...[r.epoch, r.loss, r.filterLoss, r.accuracy, r.instability, r.references?.bestPosition ?? NaN, r.partTracking ?? NaN, r.seconds, r.imagesPerSecond].map((v, k) =>
              h('td', {}, k === 0 ? String(v) : k >= 7 ? v.toFixed(1) : formatNumber(v)),
            ),
          ),
        ),
      ),
    );
  };

  // The plan is shown before any run: how many workers this page trains on, and why.
  const planned = line.backend().then((backend) => {
    plan = planWorkers({ crossOriginIsolated: backend.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency ?? 1, backend: backend.backend, requested: requestedWorkers(location.search) });
    workersText.textContent =
      plan.workers > 0 ? `Training on ${plan.workers} Web Worker${plan.workers === 1 ? '' : 's'}, each with its own ${backend.backend} backend: ${plan.reason}.` : `Training on this page's thread (no Web Workers): ${plan.reason}.`;
    publish();
    return plan;
  });
  planned.catch((error: unknown) => line.fail(error));

  let data: Awaited<ReturnType<typeof prepareTrainingData>> | null = null;
  const start = async () => {
    // The run keeps the settings it started with; the controls change the next one.
    const run = { ...settings };
    running = run;
    runs++;
    controller = new AbortController();
    reports = [];
    progress = null;
    try {
      setStatus('preparing');
      const backend = await line.backend();
      const workers = (await planned).workers;
      const pageBackend = backend.backend as 'wasm' | 'cpu';
      progressText.textContent = 'Generating PartWorld and its mean image…';
      data = await prepareTrainingData(run);
      if (controller.signal.aborted) return setStatus('stopped');
      setStatus('training');
      progressText.textContent = `${data.description}: ${data.trainItems} training crops (positives mirrored), 64×64.`;
      const outcome = await trainInPage(run, data, {
        signal: controller.signal,
        ...(workers > 0 ? { startWorkers: (net, optimizer) => startPageWorkers({ settings: run, net, optimizer, count: workers, backend: pageBackend, wasmPaths: WASM_PATHS }) } : {}),
        onBatch: (p) => {
          progress = { epoch: p.epoch, batch: p.batch, batches: p.batches };
          bar.value = (p.epoch - 1 + p.batch / p.batches) / p.epochs;
          progressText.textContent = `epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batches}: loss ${formatNumber(p.loss)} (classification ${formatNumber(p.classification)}, −MI ${formatNumber(p.filterLoss)}), train accuracy ${formatNumber(p.accuracy)}, learning rate ${p.learningRate.toExponential(2)}`;
          publish();
          return yieldToPage();
        },
        onEpoch: (report) => {
          reports.push(report);
          showEpoch(report);
          publish();
        },
      });
      setStatus(outcome.completed ? 'done' : 'stopped');
      if (!outcome.completed) progressText.textContent += ' — stopped.';
    } catch (error) {
      line.fail(error);
      setStatus('failed');
    } finally {
      controller = null;
    }
  };
  startButton.addEventListener('click', () => void start());
  stopButton.addEventListener('click', () => {
    if (controller === null) return;
    controller.abort();
    setStatus('stopping');
  });

  root.append(
    h('style', {}, EXAMPLE_STYLES, 'table { border-collapse: collapse; font-size: 13px; margin-top: 12px; } td, th { padding: 2px 8px; text-align: right; border-bottom: 1px solid var(--vp-c-divider, #ddd); }'),
    h(
      'div',
      { class: 'controls' },
      choice({ label: 'network', name: 'network', values: ['interpretable', 'ordinary'] as const, value: 'interpretable', onChange: (v) => (settings.interpretable = v === 'interpretable') }),
      choice({ label: 'variant', name: 'variant', values: ['authors', 'paper'] as const, value: settings.variant, onChange: (v) => (settings.variant = v) }),
      choice({ label: 'learning rate', name: 'lr', values: ['0.01', '0.03', '0.05'] as const, value: '0.01', onChange: (v) => (settings.lr = Number(v)) }),
      slider({ label: 'epochs', name: 'epochs', min: 1, max: 20, step: 1, value: settings.epochs, onInput: (v) => (settings.epochs = v) }).element,
      slider({ label: 'PartWorld images', name: 'images', min: 60, max: 1200, step: 60, value: settings.images, onInput: (v) => (settings.images = v) }).element,
      startButton,
      stopButton,
    ),
    bar,
    workersText,
    progressText,
    h('div', { class: 'panels' }, h('figure', {}, grid, gridCaption), chart),
    table,
    line.element,
  );
  publish();
  return () => controller?.abort();
}
