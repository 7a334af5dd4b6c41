// A finished tiny run folder (checkpoint, config.json, mean.f32, filters.json, report.html), as `icnn train --out`
// leaves it, for the tests of the commands that read runs (explain, report).
import { initBackend } from '@icnn/runtime';
import { vi } from 'vitest';
import { trainCommand } from '../commands/train';
import { temporaryOut, tinyOptions } from './tinyOptions';

export async function tinyTrainedRun(): Promise<string> {
  await initBackend('cpu');
  const out = temporaryOut();
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await trainCommand({ ...tinyOptions(['--epochs', '1']), out }, new AbortController().signal);
  } finally {
    write.mockRestore();
  }
  return out;
}
