// Part (c): the same VGG-16 training step in PyTorch fp32 (TF32 off) on the same machine, by torch_reference.py.
import { existsSync } from 'node:fs';
import { runChild } from './childProcess';
import type { NetSize } from './netSizes';
import type { TimingSummary } from './stats';

export interface TorchReference {
  device: string;
  torch: string;
  tf32: boolean;
  step: TimingSummary;
  imagesPerSecond: number;
}

export type TorchOutcome = { ran: true; result: TorchReference } | { ran: false; reason: string };

export async function runTorchReference(options: {
  script: string;
  python: string;
  size: NetSize;
  warmup: number;
  steps: number;
  timeoutS: number;
  log: (line: string) => void;
}): Promise<TorchOutcome> {
  if (!existsSync(options.script)) return { ran: false, reason: `${options.script} not found` };
  const { size } = options;
  const child = await runChild(
    options.python,
    [options.script, '--batch', `${size.batch}`, '--size', `${size.inputSize}`, '--width', `${size.width}`, '--hidden', `${size.hidden}`, '--warmup', `${options.warmup}`, '--steps', `${options.steps}`],
    { timeoutS: options.timeoutS, echo: (line) => options.log(`  ${line}`) },
  );
  if (child.timedOut) return { ran: false, reason: `timed out after ${options.timeoutS} s` };
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(last) as TorchReference | { skipped: string };
    if ('skipped' in parsed) return { ran: false, reason: parsed.skipped };
    return { ran: true, result: parsed };
  } catch {
    return { ran: false, reason: `exit code ${child.exitCode}; no JSON result. stderr:\n${child.stderrTail}` };
  }
}
