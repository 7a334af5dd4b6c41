// The run's log: one JSON object per line (epoch figures, evaluations, events), appended and flushed line by line
// so that a crash loses at most the line being written.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JsonlLog {
  write(entry: Record<string, unknown>): void;
  readonly path: string | null;
}

export function createJsonlLog(path: string | null): JsonlLog {
  if (path !== null) mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    write(entry) {
      if (path === null) return;
      appendFileSync(path, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
    },
  };
}
