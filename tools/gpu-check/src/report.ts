// The check's results: one JSON object (what docs/RESULTS.md is written from), a plain-text table for the terminal,
// and the goals of the GPU issue checked against the measured numbers.
import type { ConvGradientBench } from './convGradientBench';
import type { NetComparison } from './compareBackends';
import type { Throughput } from './throughput';
import type { TorchOutcome } from './torchReference';
import type { TrainerOutcome } from './trainerRun';

export interface PartResult<T> {
  seconds: number;
  result?: T;
  error?: string;
}

export interface CheckReport {
  date: string;
  mode: 'gpu' | 'dry-run';
  backend: string;
  device: string;
  node: string;
  versions: Record<string, string>;
  budgetS: number;
  elapsedS: number;
  torch?: PartResult<TorchOutcome>;
  kernels?: PartResult<ConvGradientBench>;
  comparison?: PartResult<NetComparison[]>;
  throughput?: PartResult<Throughput[]>;
  trainer?: PartResult<TrainerOutcome>;
  goals: Goal[];
}

export interface Goal {
  name: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

/** Goals of the issue: interpretable ≥ 25% of PyTorch's images/s, interpretable step ≤ 1.15× the ordinary one. */
export function goals(throughput: Throughput[] | undefined, torch: TorchOutcome | undefined, comparison: NetComparison[] | undefined): Goal[] {
  const fast = (throughput ?? []).filter((t) => t.kernels !== 'stock');
  const ordinary = fast.find((t) => t.net === 'ordinary');
  const interpretable = fast.find((t) => t.net.startsWith('interpretable'));
  const reference = torch?.ran ? torch.result.imagesPerSecond : null;
  const share = interpretable && reference ? interpretable.imagesPerSecond / reference : null;
  const overhead = interpretable && ordinary ? interpretable.step.medianMs / ordinary.step.medianMs : null;
  return [
    { name: 'backend matches cpu (loss, gradients, step)', value: null, target: 'relative error ≤ 1e-4', met: comparison ? comparison.every((c) => c.pass) : null },
    { name: `${interpretable?.net ?? 'interpretable'} images/s ÷ PyTorch fp32 images/s`, value: share, target: '≥ 0.25', met: share === null ? null : share >= 0.25 },
    { name: 'interpretable step ÷ ordinary step', value: overhead, target: '≤ 1.15', met: overhead === null ? null : overhead <= 1.15 },
  ];
}

const fixed = (v: number | null | undefined, digits = 1) => (v == null ? '—' : v.toFixed(digits));

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
}

export function formatReport(report: CheckReport): string {
  const out: string[] = [`icnn GPU check, ${report.mode}, ${report.date}`, `backend ${report.backend}: ${report.device}`, ''];
  const k = report.kernels?.result;
  if (k) {
    for (const bench of [k.filter, k.input]) {
      const labels = bench.rows[0]?.candidates.map((c) => c.label) ?? [];
      out.push(`${bench.kernel}: median ms (TFLOP/s), fastest over a step: ${bench.best}`);
      out.push(
        pad([
          ['layers', '×', ...labels, 'max rel. err'],
          ...bench.rows.map((r) => [
            r.layers,
            `${r.count}`,
            ...r.candidates.map((c) => (c.timing ? `${fixed(c.timing.medianMs)} (${c.tflops!.toPrecision(3)})` : 'skipped')),
            Math.max(...r.candidates.map((c) => c.relativeError ?? 0)).toExponential(1),
          ]),
          ['step total', '', ...labels.map((l) => fixed(bench.stepTotalsMs[l])), ''],
        ]),
      );
      out.push('');
    }
    out.push(`chosen kernels: ${JSON.stringify(k.chosen)}`, '');
  }
  for (const c of report.comparison?.result ?? []) {
    out.push(`(a) ${c.net} vs cpu: ${c.pass ? 'PASS' : 'FAIL'}`);
    for (const check of c.checks) out.push(`    ${check.pass ? 'pass' : 'FAIL'}  ${check.name}: ${check.relativeError.toExponential(2)}${check.worst ? ` (worst: ${check.worst})` : ''}`);
  }
  const t = report.throughput?.result;
  if (t?.length) {
    out.push('', '(b) training throughput');
    out.push(
      pad([
        ['net', 'kernels', 'batch', 'size', 'median step ms', 'p10–p90 ms', 'images/s', 'first step ms', 'leaked/step'],
        ...t.map((r) => [r.net, r.kernels, `${r.batch}`, `${r.inputSize}`, fixed(r.step.medianMs), `${fixed(r.step.p10Ms)}–${fixed(r.step.p90Ms)}`, fixed(r.imagesPerSecond), fixed(r.firstStepMs, 0), fixed(r.tensorsLeakedPerStep, 1)]),
      ]),
    );
  }
  const torch = report.torch?.result;
  out.push('', `(c) PyTorch: ${torch?.ran ? `${torch.result.device}, torch ${torch.result.torch}, TF32 ${torch.result.tf32 ? 'on' : 'off'}: median step ${fixed(torch.result.step.medianMs)} ms, ${fixed(torch.result.imagesPerSecond)} images/s` : (torch?.reason ?? report.torch?.error ?? 'not run')}`);
  const trainer = report.trainer?.result;
  out.push(`(d) trainer: ${trainer?.ran ? `exit ${trainer.exitCode}${trainer.timedOut ? ' (timed out)' : ''} after ${fixed(trainer.seconds)} s\n${trainer.outputTail}` : (trainer?.reason ?? report.trainer?.error ?? 'not run')}`);
  out.push('', 'goals');
  for (const g of report.goals) out.push(`  ${g.met === null ? '—   ' : g.met ? 'MET ' : 'NOT '} ${g.name}: ${g.value === null ? '—' : g.value.toFixed(3)} (target ${g.target})`);
  const failures = [report.torch, report.kernels, report.comparison, report.throughput, report.trainer].filter((p) => p?.error);
  if (failures.length) out.push('', `${failures.length} part(s) failed; see "error" in the JSON`);
  out.push('', `total ${fixed(report.elapsedS)} s of a ${report.budgetS} s budget`);
  return out.join('\n');
}
