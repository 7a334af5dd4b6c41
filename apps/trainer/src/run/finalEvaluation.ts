// After the last epoch: the filters measured (SPEC §6: box crops, then shifted crops, on --workers threads), the
// figures logged and written to the run's metrics.json beside the epochs' summaries.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBackend } from '@tensorflow/tfjs-core';
import type { InterpretableNet } from '@icnn/model';
import type { TrainerOptions } from '../config/options';
import type { PreparedData } from '../data/prepareData';
import { evaluateNetwork, type NetworkEvaluation } from '../evaluate/evaluateNetwork';
import { defaultWorkers } from '../parallel/trainingWorkers';
import type { EpochSummary } from './epochLoop';
import type { JsonlLog } from './jsonlLog';
import { createProgressBar } from './progressBar';

export interface FinalEvaluationOptions {
  options: TrainerOptions;
  kind: string;
  label: string;
  data: PreparedData;
  net: InterpretableNet;
  log: JsonlLog;
  epochs: EpochSummary[];
  trainSeconds: number;
  /** The forward-pass worker script (tests run from source, where the built one does not exist). */
  forwardWorkerScript?: URL | string;
}

export async function finalEvaluation({ options, kind, label, data, net, log, epochs, trainSeconds, forwardWorkerScript }: FinalEvaluationOptions): Promise<NetworkEvaluation> {
  const bar = createProgressBar(`${label} evaluation`, options.progress !== undefined ? { enabled: options.progress } : {});
  const evaluation = await evaluateNetwork(net, data, {
    batchSize: options.batch,
    evalSeed: options.evalSeed,
    parallel: { options, workers: options.workers ?? defaultWorkers(getBackend()), ...(forwardWorkerScript !== undefined ? { workerScript: forwardWorkerScript } : {}) },
    onProgress: (done, total, protocol) => bar.update(done, total, protocol === 'paper' ? 'box crops' : 'shifted crops'),
  });
  bar.finish();
  log.write({ event: 'evaluation', ...evaluation.metrics });
  if (options.out !== undefined) writeFileSync(join(options.out, 'metrics.json'), `${JSON.stringify({ kind, ...evaluation.metrics, trainSeconds, epochs }, null, 2)}\n`);
  return evaluation;
}
