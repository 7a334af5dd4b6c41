// `icnn compare`: ordinary vs interpretable (and the two controls) on the same data and settings.
import { join } from 'node:path';
import type { TrainerOptions } from '../config/options';
import { compareRuns } from '../compare/compareRuns';
import { compareTable } from '../compare/compareTable';

export async function compareCommand(options: TrainerOptions, signal: AbortSignal): Promise<number> {
  const { result } = await compareRuns(options, signal);
  if (result.interrupted) return 130;
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`${compareTable(result)}\n`);
    if (options.out !== undefined) process.stdout.write(`report: ${join(options.out, 'report.html')}\n`);
  }
  return 0;
}
