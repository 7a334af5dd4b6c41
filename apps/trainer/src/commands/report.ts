// `icnn report --runs a,b --out dir`: one HTML report over trained runs, each evaluated again from its checkpoint
// (`report --runs a` alone writes a/report.html).
import { join } from 'node:path';
import { getBackend } from '@tensorflow/tfjs-core';
import { instabilityChart, type ReportRun } from '@icnn/metrics/render';
import { writeReport } from '@icnn/metrics/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { prepareData } from '../data/prepareData';
import { evaluateNetwork } from '../evaluate/evaluateNetwork';
import { defaultWorkers } from '../parallel/trainingWorkers';
import { runReport } from '../report/runReport';
import { runKind } from '../run/buildNet';
import { loadRun } from '../run/loadRun';
import { checkOutFolder, claimOutFolder } from '../run/outFolder';

export async function reportCommand(options: TrainerOptions): Promise<number> {
  const dirs = options.runs ?? (options.checkpoint ? [options.checkpoint] : undefined);
  if (dirs === undefined) throw new ConfigError(`report needs --runs <run folder>[,<run folder>...] (the --out of trained runs)`);
  // A report of one run may replace that run's own report; several runs' report would replace the first run's.
  if (options.out === undefined && dirs.length > 1) throw new ConfigError(`report of ${dirs.length} runs needs --out <folder> (it would replace the report.html of ${dirs[0]})`);
  const outDir = options.out ?? dirs[0];
  const outOption = options.out !== undefined ? '--out' : '--runs';
  checkOutFolder(outDir, outOption);
  const sections: ReportRun[] = [];
  const series = [];
  for (const dir of dirs) {
    const run = await loadRun(dir);
    try {
      const data = await prepareData({ ...run.options, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
      // One seed of the shifted crops (this command's --eval-seed) for every run in the report.
      const parallel = { options: run.options, workers: options.workers ?? defaultWorkers(getBackend()) };
      const evaluation = await evaluateNetwork(run.net, data, { batchSize: run.options.batch, evalSeed: options.evalSeed, parallel });
      const kind = `${runKind(run.options)} (${dir})`;
      const fake = { kind, options: run.options, data, net: run.net, epochs: [], evaluation, metrics: evaluation.metrics, interrupted: false, trainSeconds: 0 };
      sections.push(await runReport(fake, kind, options.filters));
      series.push({ name: kind, perFilter: evaluation.filters.instability.perFilter, references: evaluation.metrics.references });
    } finally {
      run.net.dispose();
    }
  }
  claimOutFolder(outDir, outOption);
  const file = join(outDir, 'report.html');
  await writeReport(file, { title: 'icnn report', runs: sections, figures: [{ svg: instabilityChart({ series, title: 'Location instability per filter' }), title: 'Instability per filter' }] });
  process.stdout.write(`${file}\n`);
  return 0;
}
