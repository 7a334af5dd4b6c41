// Runs a helper program (PyTorch reference, trainer CLI) with a time limit, passing its stderr through as progress
// and keeping its stdout.
import { spawn } from 'node:child_process';

export interface ChildResult {
  exitCode: number | null;
  timedOut: boolean;
  seconds: number;
  stdout: string;
  /** The last lines it printed to stderr. */
  stderrTail: string;
}

export function runChild(command: string, args: string[], options: { timeoutS: number; cwd?: string; echo?: (line: string) => void }): Promise<ChildResult> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let stdout = '';
    const stderrLines: string[] = [];
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter((l) => l.trim() !== '')) {
        stderrLines.push(line);
        if (stderrLines.length > 40) stderrLines.shift();
        options.echo?.(line);
      }
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutS * 1000);
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      resolve({ exitCode, timedOut, seconds: (performance.now() - start) / 1000, stdout, stderrTail: stderrLines.join('\n') });
    };
    child.on('error', (error) => {
      stderrLines.push(String(error));
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}
