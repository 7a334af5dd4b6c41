// How a failed command ends: the user's errors — bad options, a file or folder they named, a backend this machine
// lacks — exit with 2 and one line naming what is wrong; a diverged run with 1 and its message (where, and what to
// change); only the program's own failures print a stack trace.
import { BackendUnavailableError } from '@icnn/runtime';
import { DivergenceError } from '@icnn/training';
import { ConfigError } from './config/options';

export function cliFailure(error: unknown): { code: number; text: string } {
  if (error instanceof ConfigError || error instanceof BackendUnavailableError) return { code: 2, text: `icnn: ${error.message}\n` };
  if (error instanceof DivergenceError) return { code: 1, text: `icnn: ${error.message}\n` };
  return { code: 1, text: `icnn: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` };
}
