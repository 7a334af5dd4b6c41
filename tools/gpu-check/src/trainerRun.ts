// Part (d): a few epochs of the paper's full-size single-category setting (VGG-16, 224, from scratch) on one shared
// category, by the trainer CLI (apps/trainer, `icnn`) when the tarball carries it: VGG-16 at full width, 224×224,
// 4096-wide head, He initialisation (from scratch), three epochs. --trainer-args replaces the command line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './childProcess';

/** {data}: the unpacked data folder, {out}: a folder for the run's outputs, {category}: the WordNet id. */
export const TRAINER_ARGS = [
  'train',
  '--backend', 'webgpu',
  '--backbone', 'vgg16',
  '--width', '1',
  '--input-size', '224',
  '--hidden', '4096',
  '--init', 'he',
  '--dataset', 'ilsvrc',
  '--category', '{category}',
  '--images-root', '{data}/ilsvrc-animal-part/images',
  '--parts-root', '{data}/ilsvrc-animal-part/parts',
  '--negatives', '{data}/negatives',
  '--epochs', '3',
  '--batch', '32',
  '--out', '{out}',
  '--json',
];

export type TrainerOutcome =
  | { ran: true; command: string; exitCode: number | null; timedOut: boolean; seconds: number; outputTail: string }
  | { ran: false; reason: string };

export async function runTrainer(options: {
  trainerDir: string | undefined;
  dataDir: string | undefined;
  category: string;
  outDir: string;
  args: string[];
  timeoutS: number;
  log: (line: string) => void;
}): Promise<TrainerOutcome> {
  if (options.trainerDir === undefined) return { ran: false, reason: 'skipped: no --trainer given (apps/trainer/dist was not built when the tarball was packed)' };
  const cli = join(options.trainerDir, 'icnn.mjs');
  if (!existsSync(cli)) return { ran: false, reason: `skipped: ${cli} not found` };
  if (options.dataDir === undefined || !existsSync(options.dataDir)) return { ran: false, reason: 'skipped: no data folder (pack with --data to carry one category)' };
  if (options.timeoutS < 30) return { ran: false, reason: `skipped: only ${options.timeoutS.toFixed(0)} s of the time budget left` };
  const fill = (arg: string) => arg.replaceAll('{data}', options.dataDir!).replaceAll('{out}', options.outDir).replaceAll('{category}', options.category);
  const args = [cli, ...options.args.map(fill)];
  const child = await runChild(process.execPath, args, { timeoutS: options.timeoutS, echo: (line) => options.log(`  icnn: ${line}`) });
  return {
    ran: true,
    command: `node ${args.join(' ')}`,
    exitCode: child.exitCode,
    timedOut: child.timedOut,
    seconds: child.seconds,
    outputTail: [child.stdout.trim().split('\n').slice(-20).join('\n'), child.stderrTail].filter((s) => s).join('\n'),
  };
}
