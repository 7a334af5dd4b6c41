// Progress lines with the time since the start, and the time budget every part of the check runs within.

export interface Progress {
  /** Prints `[  12.3 s] message` to stderr (stdout carries the results). */
  log(message: string): void;
  elapsedS(): number;
  /** Seconds left of the budget (negative when over). */
  remainingS(): number;
}

export function createProgress(budgetS: number, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Progress {
  const start = performance.now();
  const elapsedS = () => (performance.now() - start) / 1000;
  return {
    log: (message) => write(`[${elapsedS().toFixed(1).padStart(6)} s] ${message}`),
    elapsedS,
    remainingS: () => budgetS - elapsedS(),
  };
}

/** Runs one part, logging its start, end and duration; a failure is logged and returned, not thrown. */
export async function timedPart<T>(progress: Progress, name: string, run: () => Promise<T>): Promise<{ seconds: number; result?: T; error?: string }> {
  progress.log(`${name}: start`);
  const start = performance.now();
  try {
    const result = await run();
    const seconds = (performance.now() - start) / 1000;
    progress.log(`${name}: done in ${seconds.toFixed(1)} s`);
    return { seconds, result };
  } catch (error) {
    const seconds = (performance.now() - start) / 1000;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress.log(`${name}: FAILED after ${seconds.toFixed(1)} s: ${message}`);
    return { seconds, error: message };
  }
}
