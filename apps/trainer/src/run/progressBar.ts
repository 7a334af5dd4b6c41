// A one-line progress bar with ETA and live figures on a terminal (stderr), or a plain line every few seconds when
// stderr is not one (logs, CI), so long runs always show they are alive.

export interface ProgressBar {
  update(done: number, total: number | undefined, figures: string): void;
  /** Ends the line (a terminal bar keeps its last state). */
  finish(summary?: string): void;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (v: number) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

export function createProgressBar(label: string, options: { enabled?: boolean; stream?: NodeJS.WriteStream } = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const tty = options.enabled ?? Boolean(stream.isTTY);
  const started = performance.now();
  let lastPlain = 0;
  let lastLine = '';
  return {
    update(done, total, figures) {
      const elapsed = (performance.now() - started) / 1000;
      const eta = total && done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
      const count = total ? `${done}/${total}` : `${done}`;
      if (tty) {
        const width = 24;
        const filled = total ? Math.round((width * done) / total) : 0;
        const bar = total ? `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ` : '';
        lastLine = `${label} ${bar}${count} ${formatSeconds(elapsed)}<${formatSeconds(eta)} ${figures}`;
        stream.write(`\r\x1b[2K${lastLine}`);
      } else if (performance.now() - lastPlain > 10_000 || (total !== undefined && done === total)) {
        lastPlain = performance.now();
        stream.write(`${label} ${count} (${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}) ${figures}\n`);
      }
    },
    finish(summary) {
      if (tty && lastLine) stream.write('\n');
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
