// `icnn compare`: the ordinary and the interpretable network trained on the same data with the same settings, and
// two controls beside them — the masks without the filter loss, and masks fixed at the map centre — so that a table
// says whether the filter loss adds anything to what the masks alone and fixed placement give.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instabilityChart } from '@icnn/metrics/render';
import { writeReport } from '@icnn/metrics/node';
import type { TrainerOptions } from '../config/options';
import { prepareData } from '../data/prepareData';
import { runReport } from '../report/runReport';
import { checkOutFolder, claimOutFolder } from '../run/outFolder';
import { readRunState } from '../run/runCheckpoint';
import { trainNetwork, type TrainResult } from '../run/trainNetwork';
import { compareSummary } from './compareTable';
import type { CompareResult, CompareRunName } from './compareResult';

const RUNS: { name: CompareRunName; title: string; overrides: Partial<TrainerOptions> }[] = [
  { name: 'ordinary', title: 'ordinary', overrides: { interpretable: false } },
  { name: 'interpretable', title: 'interpretable', overrides: { interpretable: true, filterLosses: true, maskPlacement: 'peak' } },
  { name: 'maskOnly', title: 'control: masks, no filter loss', overrides: { interpretable: true, filterLosses: false, maskPlacement: 'peak' } },
  { name: 'centreMask', title: 'control: masks fixed at the centre, no loss', overrides: { interpretable: true, filterLosses: false, maskPlacement: 'centre' } },
];

/** The runs a compare trains: ordinary and interpretable, and the two controls unless --no-controls. */
export function comparedRuns(options: TrainerOptions): typeof RUNS {
  return RUNS.filter((r) => options.controls || r.name === 'ordinary' || r.name === 'interpretable');
}

export function settingsOf(options: TrainerOptions): Record<string, unknown> {
  const keys = ['backend', 'backbone', 'width', 'inputSize', 'dataset', 'category', 'loss', 'variant', 'gradient', 'lossPoints', 'filterLossScale', 'epochs', 'batch', 'lrSchedule', 'lr', 'momentum', 'weightDecay', 'init', 'hidden', 'dropout', 'trainJitter', 'seed', 'evalSeed', 'positiveShare', 'maxNegatives', 'partworldImages', 'initFrom', 'backboneLr', 'biasLr'] as const;
  return Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

export async function compareRuns(options: TrainerOptions, signal?: AbortSignal): Promise<{ result: CompareResult; runs: Partial<Record<CompareRunName, TrainResult>> }> {
  const started = performance.now();
  if (options.out !== undefined) checkOutFolder(options.out);
  const data = await prepareData(options);
  // Marked before the runs' subfolders make it non-empty.
  if (options.out !== undefined) claimOutFolder(options.out);
  process.stderr.write(`compare: ${data.description}; ${data.set.train.items.length} training and ${data.set.val.items.length} validation images, ${data.evaluation.items.length} evaluated\n`);
  const wanted = comparedRuns(options);
  const runs: Partial<Record<CompareRunName, TrainResult>> = {};
  const sections = [];
  let interrupted = false;
  try {
    for (const run of wanted) {
      const out = options.out !== undefined ? join(options.out, run.name) : undefined;
      // --resume continues an interrupted compare: runs with a checkpoint resume (a finished one is only evaluated),
      // the others start.
      const resume = options.resume && out !== undefined && readRunState(out) !== null;
      const runOptions: TrainerOptions = { ...options, ...run.overrides, resume, ...(out !== undefined ? { out } : {}) };
      const trained = await trainNetwork(runOptions, { data, label: run.name, ...(signal ? { signal } : {}) });
      runs[run.name] = trained;
      if (trained.interrupted) {
        interrupted = true;
        break;
      }
      sections.push(await runReport(trained, run.title, options.filters));
      // Keep memory flat: only the evaluation is needed from here on.
      trained.net.dispose();
    }
  } finally {
    for (const run of Object.values(runs)) run?.net.dispose();
  }
  const metricsOf = (name: CompareRunName) => runs[name]?.metrics ?? null;
  const ordinary = metricsOf('ordinary');
  const interpretable = metricsOf('interpretable');
  const maskOnly = metricsOf('maskOnly');
  const centreMask = metricsOf('centreMask');
  const result: CompareResult = {
    ordinary: ordinary!,
    interpretable: interpretable!,
    ...(maskOnly && centreMask ? { controls: { maskOnly, centreMask } } : {}),
    settings: { ...settingsOf(options), data: data.description, trainImages: data.set.train.items.length, valImages: data.set.val.items.length },
    instabilityRatio: ordinary && interpretable ? interpretable.locationInstability / ordinary.locationInstability : Number.NaN,
    shiftedInstabilityRatio: ordinary && interpretable ? interpretable.shifted.locationInstability / ordinary.shifted.locationInstability : Number.NaN,
    accuracyDifference: ordinary && interpretable ? interpretable.accuracy - ordinary.accuracy : Number.NaN,
    seconds: (performance.now() - started) / 1000,
    interrupted,
  };
  if (options.out !== undefined && !interrupted) {
    writeFileSync(join(options.out, 'compare.json'), `${JSON.stringify(result, null, 2)}\n`);
    const chart = instabilityChart({
      title: 'Location instability per filter (lower is better)',
      series: wanted.map((run) => ({ name: run.name, perFilter: runs[run.name]!.evaluation!.filters.instability.perFilter, references: runs[run.name]!.metrics!.references })),
    });
    await writeReport(join(options.out, 'report.html'), {
      title: `icnn compare — ${data.description}`,
      description: compareSummary(result),
      runs: sections,
      figures: [{ svg: chart, title: 'Instability per filter', caption: 'Each curve: the filters sorted by location instability; dashed lines: the references of the same filters.' }],
    });
  }
  return { result, runs };
}
