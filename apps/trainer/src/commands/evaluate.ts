// `icnn eval --checkpoint <run>`: the figures of a trained run, measured again from its checkpoint.
import { getBackend } from '@tensorflow/tfjs-core';
import type { TrainerOptions } from '../config/options';
import { ConfigError } from '../config/options';
import { prepareData } from '../data/prepareData';
import { evaluateNetwork } from '../evaluate/evaluateNetwork';
import { defaultWorkers } from '../parallel/trainingWorkers';
import { runKind } from '../run/buildNet';
import { loadRun } from '../run/loadRun';
import { printMetrics } from './printMetrics';

export async function evalCommand(options: TrainerOptions): Promise<number> {
  if (options.checkpoint === undefined) throw new ConfigError(`eval needs --checkpoint <folder of a trained run>`);
  const run = await loadRun(options.checkpoint);
  try {
    const data = await prepareData({ ...run.options, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
    // The seed of the shifted crops is this command's (--eval-seed), so that runs evaluated together share it.
    const parallel = { options: run.options, workers: options.workers ?? defaultWorkers(getBackend()) };
    const { metrics } = await evaluateNetwork(run.net, data, { batchSize: run.options.batch, evalSeed: options.evalSeed, parallel });
    printMetrics(runKind(run.options), metrics, options.json);
    return 0;
  } finally {
    run.net.dispose();
  }
}
