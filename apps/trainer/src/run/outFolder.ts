// The folders the trainer writes into (--out, explain's and report's output): only one it created, one holding its
// marker file, or an empty one (then marked). Anything else may hold someone's files of the same names — config.json,
// report.html, a file called `checkpoint` — so it is refused before any work, with nothing written.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config/options';
import { readRunState } from './runCheckpoint';

/** The file that says "icnn wrote this folder". */
export const OUT_MARKER = '.icnn-run';

/** The subfolders of a compare (or demo) output, which a compare.json beside them marks as one made before markers. */
const COMPARE_RUN_FOLDERS = ['ordinary', 'interpretable', 'maskOnly', 'centreMask'];

function holdsRunCheckpoint(dir: string): boolean {
  try {
    return readRunState(dir) !== null;
  } catch {
    return false;
  }
}

/** A run folder from before markers existed: a trainer checkpoint, or a finished compare of such runs. */
function isUnmarkedRun(dir: string): boolean {
  if (holdsRunCheckpoint(dir)) return true;
  return existsSync(join(dir, 'compare.json')) && COMPARE_RUN_FOLDERS.some((name) => holdsRunCheckpoint(join(dir, name)));
}

/** Whether `dir` is a folder icnn wrote: its marker, or a run made before markers. */
export function isOwnFolder(dir: string): boolean {
  return existsSync(join(dir, OUT_MARKER)) || isUnmarkedRun(dir);
}

/**
 * Throws a ConfigError naming `dir` and `option` unless icnn may write into it: missing (and creatable), empty, or
 * its own. Writes nothing.
 */
export function checkOutFolder(dir: string, option = '--out'): void {
  if (!existsSync(dir)) {
    let parent = resolve(dir);
    while (!existsSync(parent)) parent = dirname(parent);
    if (!statSync(parent).isDirectory()) throw new ConfigError(`${option} ${dir}: cannot be created, ${parent} is a file`);
    try {
      accessSync(parent, constants.W_OK);
    } catch {
      throw new ConfigError(`${option} ${dir}: cannot be created, ${parent} is not writable`);
    }
    return;
  }
  if (!statSync(dir).isDirectory()) throw new ConfigError(`${option} ${dir}: is a file, not a folder`);
  const entries = readdirSync(dir);
  if (entries.length === 0 || isOwnFolder(dir)) return;
  const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? `, … (${entries.length} entries)` : '');
  throw new ConfigError(
    `${option} ${dir}: the folder holds files icnn did not write (${shown}); choose a new or empty folder ` +
      `(icnn writes only into folders it made, marked by a ${OUT_MARKER} file)`,
  );
}

/** Makes `dir` icnn's (checked as checkOutFolder does): created when missing, and marked. */
export function claimOutFolder(dir: string, option = '--out'): void {
  checkOutFolder(dir, option);
  try {
    mkdirSync(dir, { recursive: true });
    const marker = join(dir, OUT_MARKER);
    if (!existsSync(marker)) writeFileSync(marker, 'icnn writes into this folder because it made it (or found it empty)\n');
  } catch (error) {
    throw new ConfigError(`${option} ${dir}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
