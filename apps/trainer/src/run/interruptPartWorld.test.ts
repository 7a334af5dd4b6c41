import { initBackend } from '@icnn/runtime';
import { describe, expect, it } from 'vitest';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { readRunState } from './runCheckpoint';
import { trainNetwork } from './trainNetwork';

describe('Ctrl-C on PartWorld', () => {
  it('stops at the next batch and saves there, as on file datasets (in-memory batches never waited on I/O)', async () => {
    await initBackend('cpu');
    const out = temporaryOut();
    const controller = new AbortController();
    let scheduled = false;
    // Ctrl-C arrives as a signal handler, a macrotask: here a timer started after the first batch.
    const result = await trainNetwork(
      { ...tinyOptions(['--partworld-images', '96', '--epochs', '1']), out },
      {
        verbose: false,
        signal: controller.signal,
        onBatch: () => {
          if (scheduled) return;
          scheduled = true;
          setTimeout(() => controller.abort(), 0);
        },
      },
    );
    expect(result.interrupted).toBe(true);
    const state = readRunState(out)!;
    expect(state.epochsDone).toBe(0);
    expect(state.batchesDone).toBeGreaterThanOrEqual(1);
    expect(state.batchesDone).toBeLessThanOrEqual(2);
    result.net.dispose();
  }, 60_000);
});
