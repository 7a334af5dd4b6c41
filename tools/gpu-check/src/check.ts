// The GPU check program (bundled by `npm run gpu-check:pack`, run by run-on-gpu.sh): (c) PyTorch reference first,
// while the GPU is idle; then the conv gradient kernel benchmark, (a) the backend against the cpu backend, (b)
// training throughput, (d) the trainer hook. `--dry-run` runs the same code on this machine: the webgpu stand-in
// (cpu kernels, icnn's webgpu kernels, no synchronous reads) at a tiny size. Progress goes to stderr; the JSON
// report and a table to stdout (and the JSON to --out).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_WEBGPU_KERNEL_OPTIONS, initBackend, registerWebgpuStandIn, registerWebgpuTrainingKernels, type BackendInfo, type WebgpuKernelOptions } from '@icnn/runtime';
import { benchConvGradients } from './convGradientBench';
import { compareOnBackends } from './compareBackends';
import { vgg16ConvShapes } from './convShapes';
import { COMPARISON_SIZE, DRY_RUN_SIZE, FULL_SIZE, type NetChoice, type NetSize } from './netSizes';
import { createProgress, timedPart } from './progress';
import { formatReport, goals, type CheckReport } from './report';
import { measureThroughput, type Throughput } from './throughput';
import { runTorchReference } from './torchReference';
import { runTrainer, TRAINER_ARGS } from './trainerRun';

const { values: args } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    backend: { type: 'string', default: 'webgpu' },
    'budget-s': { type: 'string', default: '480' },
    parts: { type: 'string', default: 'c,kernels,a,b,d' },
    torch: { type: 'string' },
    python: { type: 'string', default: 'python3' },
    trainer: { type: 'string' },
    data: { type: 'string' },
    category: { type: 'string', default: 'n02118333' },
    'trainer-args': { type: 'string' },
    'trainer-out': { type: 'string', default: '/tmp/icnn-gpu-check-trainer' },
    warmup: { type: 'string', default: '3' },
    steps: { type: 'string', default: '10' },
    out: { type: 'string' },
    /** inputSize,width,batch,hidden of part (a), e.g. 64,0.25,4,256. */
    'comparison-size': { type: 'string' },
  },
});

function parseSize(text: string): NetSize {
  const [inputSize, width, batch, hidden] = text.split(',').map(Number);
  if (![inputSize, width, batch, hidden].every((v) => v > 0)) throw new RangeError(`--comparison-size must be inputSize,width,batch,hidden; got '${text}'`);
  return { inputSize, width, batch, hidden };
}

const dryRun = args['dry-run']!;
const parts = new Set(args.parts!.split(','));
const budgetS = Number(args['budget-s']);
const progress = createProgress(budgetS);
const throughputSize = dryRun ? DRY_RUN_SIZE : FULL_SIZE;
const comparisonSize = args['comparison-size'] ? parseSize(args['comparison-size']) : dryRun ? DRY_RUN_SIZE : COMPARISON_SIZE;
const NETS: NetChoice[] = [{ kind: 'ordinary' }, { kind: 'interpretable', variant: 'paper' }, { kind: 'interpretable', variant: 'authors' }];

async function prepareCandidate(): Promise<{ name: string; info: Pick<BackendInfo, 'device' | 'versions'>; probe?: string }> {
  await initBackend('cpu');
  if (dryRun) {
    // Prove the packed Dawn loads (it finds no adapter on a machine without a GPU), then use the stand-in.
    const probe = await initBackend('webgpu', { webgpuModules: { backend: () => import('@tensorflow/tfjs-backend-webgpu'), dawn: () => import('webgpu') } }).then(
      (info) => `webgpu initialised: ${info.device}`,
      (error: Error) => error.message,
    );
    await tf.setBackend('cpu');
    const name = registerWebgpuStandIn();
    return { name, info: { device: 'cpu kernels standing in for webgpu (synchronous reads refused)', versions: { '@tensorflow/tfjs-core': tf.version_core } }, probe };
  }
  if (args.backend === 'tensorflow') return { name: 'tensorflow', info: await initBackend('tensorflow') };
  const info = await initBackend('webgpu', {
    webgpuModules: { backend: () => import('@tensorflow/tfjs-backend-webgpu'), dawn: () => import('webgpu') },
  });
  return { name: 'webgpu', info };
}

async function main(): Promise<number> {
  progress.log(`icnn GPU check (${dryRun ? 'dry run' : args.backend}), budget ${budgetS} s, parts ${[...parts].join(',')}`);
  const report: CheckReport = {
    date: new Date().toISOString(),
    mode: dryRun ? 'dry-run' : 'gpu',
    backend: '',
    device: '',
    node: process.version,
    versions: {},
    budgetS,
    elapsedS: 0,
    goals: [],
  };
  const warmup = Number(args.warmup);
  const steps = Number(args.steps);

  if (parts.has('c') && args.torch) {
    report.torch = await timedPart(progress, '(c) PyTorch fp32 reference', () =>
      runTorchReference({ script: args.torch!, python: args.python!, size: throughputSize, warmup: 5, steps: 20, timeoutS: Math.min(180, progress.remainingS()), log: progress.log }),
    );
  }

  const candidate = await prepareCandidate();
  report.backend = candidate.name;
  report.device = candidate.info.device;
  report.versions = candidate.info.versions;
  progress.log(`backend ${candidate.name}: ${candidate.info.device}${candidate.probe ? `; webgpu probe: ${candidate.probe}` : ''}`);
  const kernelsAdjustable = candidate.name !== 'tensorflow';

  let chosen = { ...DEFAULT_WEBGPU_KERNEL_OPTIONS };
  if (parts.has('kernels') && kernelsAdjustable) {
    await tf.setBackend(candidate.name);
    report.kernels = await timedPart(progress, 'conv gradient kernels', () =>
      benchConvGradients({
        backend: candidate.name,
        shapes: vgg16ConvShapes(throughputSize),
        repeats: 3,
        slowMs: 3000,
        haveTime: () => progress.remainingS() > budgetS * 0.6,
        log: progress.log,
      }),
    );
    if (report.kernels.result) chosen = { ...chosen, ...report.kernels.result.chosen };
  }
  if (kernelsAdjustable) registerWebgpuTrainingKernels(candidate.name, chosen);
  const chosenLabel = kernelsAdjustable ? `${chosen.filterGradient}${chosen.filterGradient === 'splitK' ? `/${chosen.splitInner}` : ''} + dx ${chosen.inputGradient}` : 'backend';

  if (parts.has('a')) {
    report.comparison = await timedPart(progress, '(a) loss, gradients and one step vs the cpu backend', () =>
      compareOnBackends({ candidate: candidate.name, reference: 'cpu', size: comparisonSize, nets: NETS, tolerance: 1e-4, log: progress.log }),
    );
  }

  if (parts.has('b')) {
    await tf.setBackend(candidate.name);
    report.throughput = await timedPart(progress, '(b) training throughput', async () => {
      const results: Throughput[] = [];
      const haveTime = () => progress.remainingS() > budgetS * 0.3;
      const install = (options: WebgpuKernelOptions) => () => (kernelsAdjustable ? registerWebgpuTrainingKernels(candidate.name, options) : undefined);
      const chosenPhase = { kernels: chosenLabel, install: install(chosen), warmup, steps };
      for (const choice of NETS) {
        if (!haveTime()) break;
        // Before, on the ordinary net: tfjs-webgpu's own conv gradients (≈2.4 s a step on an H200), a few steps.
        const stock = choice.kind === 'ordinary' && kernelsAdjustable ? [{ kernels: 'stock', install: install({ filterGradient: 'stock', inputGradient: 'stock' }), warmup: 1, steps: 2 }] : [];
        results.push(...(await measureThroughput({ size: throughputSize, choice, phases: [...stock, chosenPhase], haveTime, log: progress.log })));
      }
      return results;
    });
  }

  if (parts.has('d') && dryRun && !args['trainer-args']) {
    report.trainer = { seconds: 0, result: { ran: false, reason: 'skipped in a dry run (it trains at full size; give --trainer-args to try a small run)' } };
  } else if (parts.has('d')) {
    report.trainer = await timedPart(progress, '(d) trainer: full-size single category, a few epochs', () =>
      runTrainer({
        trainerDir: args.trainer,
        dataDir: args.data,
        category: args.category!,
        outDir: args['trainer-out']!,
        args: args['trainer-args'] ? (JSON.parse(args['trainer-args']) as string[]) : TRAINER_ARGS,
        timeoutS: progress.remainingS() - 15,
        log: progress.log,
      }),
    );
  }

  report.goals = goals(report.throughput?.result, report.torch?.result, report.comparison?.result);
  report.elapsedS = progress.elapsedS();
  const json = JSON.stringify(report, null, 2);
  if (args.out) writeFileSync(args.out, `${json}\n`);
  process.stdout.write(`${json}\n\n${formatReport(report)}\n`);
  const failed = [report.torch, report.kernels, report.comparison, report.throughput, report.trainer].some((p) => p?.error) || report.comparison?.result?.some((c) => !c.pass);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    progress.log(`check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
