// The run's folder (--out): checked before any data work — icnn may write there, and it holds a run exactly when
// --resume says so — then claimed, with the run's config.json, once the starting state has loaded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type TrainerOptions } from '../config/options';
import { checkOutFolder, claimOutFolder } from './outFolder';
import { checkpointDir, readRunState } from './runCheckpoint';

/** Throws a ConfigError when --out is not icnn's to write, holds a run without --resume, or none with it. */
export function checkRunFolder(options: TrainerOptions): void {
  const out = options.out;
  if (out === undefined) return;
  checkOutFolder(out);
  const holdsRun = readRunState(out) !== null;
  if (!options.resume && holdsRun) throw new ConfigError(`${checkpointDir(out)} already holds a run: pass --resume to continue it, or choose another --out`);
  if (options.resume && !holdsRun) throw new ConfigError(`--resume: ${out} holds no checkpoint to continue from (a run saves one after its first epoch or when stopped)`);
}

/** Makes `out` icnn's and writes its config.json. */
export function claimRunFolder(out: string, options: TrainerOptions): void {
  claimOutFolder(out);
  // Rewritten on --resume, which may extend --epochs: the run's options (not this invocation's --resume).
  writeFileSync(join(out, 'config.json'), `${JSON.stringify({ ...options, resume: false }, null, 2)}\n`);
}
