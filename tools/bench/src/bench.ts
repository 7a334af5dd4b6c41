// icnn speed benchmarks on the WASM backend in Node. Usage: node tools/bench/dist/bench.js [--json] [--runs N]
// [--only trainingStep|lossCost|depthwise|batchSweep|workers] (one benchmark) [--backbones] (adds every registered backbone's forward and
// training step: several minutes).
// Every benchmark gets the backend's matMul speed, measured once here, to report its results against.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import type { Benchmark, BenchContext, BenchResult } from './benchmark';
import { backboneBench } from './backboneBench';
import { batchSweepBench } from './batchSweepBench';
import { depthwiseBench } from './depthwiseBench';
import { createMatMulProbe, measureMatMul } from './matMulBench';
import { lossCostBench } from './lossCostBench';
import { trainingStepBench } from './trainingStepBench';
import { workerScalingBench } from './workerScalingBench';

interface CliOptions {
  json: boolean;
  runs: number;
  backbones: boolean;
  only?: string;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { json: false, runs: 5, backbones: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--backbones') options.backbones = true;
    else if (arg === '--only') options.only = argv[++i];
    else throw new Error(`unknown argument '${arg}' (use --json, --runs N, --only NAME, --backbones)`);
  }
  if (options.only !== undefined && !Object.hasOwn(BENCHMARKS, options.only)) {
    throw new Error(`--only needs one of ${Object.keys(BENCHMARKS).join(', ')}, got '${options.only}'`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs needs a positive integer');
  return options;
}

/** The benchmarks by `--only` name, in the order they run; a new one is one import and one entry here. */
const BENCHMARKS: Record<string, Benchmark> = {
  trainingStep: trainingStepBench,
  lossCost: (context) => lossCostBench(context),
  depthwise: depthwiseBench,
  batchSweep: batchSweepBench,
  workers: (context) => workerScalingBench(context),
};

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const backend = await initBackend('wasm');
  const matMul = await measureMatMul(1024, Math.max(cli.runs, 5));
  const context: BenchContext = { matMulGflops: matMul.gflops, matMul: createMatMulProbe(1024), runs: cli.runs };
  const header = [
    `backend: ${backend.backend} (${backend.threads} thread${backend.threads === 1 ? '' : 's'}, SIMD ${backend.simd ? 'on' : 'off'}), ${backend.device}, tfjs ${tf.version_core}, Node ${process.versions.node}`,
    `matMul 1024³: ${matMul.gflops.toFixed(1)} GFLOP/s (${matMul.ms.toFixed(1)} ms median of ${matMul.timesMs.length})`,
  ];
  if (!cli.json) console.log(header.join('\n'));
  const results: BenchResult[] = [];
  const selected = cli.only === undefined ? Object.values(BENCHMARKS) : [BENCHMARKS[cli.only]];
  for (const run of cli.backbones ? [...selected, backboneBench] : selected) {
    const result = await run(context);
    results.push(result);
    if (!cli.json) console.log(result.lines.join('\n'));
  }
  context.matMul.dispose();
  if (cli.json) {
    const json: Record<string, unknown> = {
      backend: backend.backend,
      threads: backend.threads,
      simd: backend.simd,
      device: backend.device,
      tfjs: tf.version_core,
      node: process.versions.node,
      matMul,
    };
    for (const r of results) json[r.name] = r.json;
    console.log(JSON.stringify(json));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
