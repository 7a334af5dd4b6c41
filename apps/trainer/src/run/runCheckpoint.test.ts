import { readdirSync } from 'node:fs';
import { initBackend } from '@icnn/runtime';
import { createNetOptimizer } from '@icnn/training';
import { describe, expect, it } from 'vitest';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { buildNet } from './buildNet';
import { loadRunCheckpoint, readRunState, SAVE_STEPS, saveRunCheckpoint, type SaveStep, type TrainerState } from './runCheckpoint';

const stateAt = (epochsDone: number): TrainerState => ({ epochsDone, batchesDone: 0, options: {} });

class Crash extends Error {}

describe('saveRunCheckpoint', () => {
  it('a crash after any step of a save, even a second crash after a first, leaves a checkpoint that resume finds', async () => {
    await initBackend('cpu');
    const net = buildNet(tinyOptions(), 1);
    const optimizer = createNetOptimizer(net);
    const crashAfter = (at: SaveStep) => (step: SaveStep) => {
      if (step === at) throw new Crash(step);
    };
    const save = async (out: string, epochs: number, at?: SaveStep) => {
      try {
        await saveRunCheckpoint(out, net, optimizer, stateAt(epochs), at && crashAfter(at));
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
      }
    };
    let cases = 0;
    for (const first of SAVE_STEPS) {
      for (const second of [...SAVE_STEPS, undefined]) {
        const out = temporaryOut();
        await save(out, 1); // a whole checkpoint of epoch 1
        await save(out, 2, first); // crash during the save of epoch 2
        const afterFirst = readRunState(out);
        expect(afterFirst?.epochsDone, `after a crash past '${first}'`).toBeOneOf([1, 2]);
        await save(out, 3, second); // crash again during the next save (or none)
        const afterSecond = readRunState(out);
        expect(afterSecond?.epochsDone, `after crashes past '${first}', then '${second ?? 'none'}'`).toBeGreaterThanOrEqual(afterFirst!.epochsDone);
        if (second === undefined || second === 'movedNextIn' || second === 'removedPrevious') expect(afterSecond?.epochsDone).toBe(3);
        await expect(loadRunCheckpoint(out, net, optimizer)).resolves.toMatchObject({ epochsDone: afterSecond!.epochsDone });
        // The next whole save tidies up: one checkpoint, nothing beside it.
        await save(out, 4);
        expect(readRunState(out)?.epochsDone).toBe(4);
        expect(readdirSync(out).filter((name) => name.startsWith('checkpoint'))).toEqual(['checkpoint']);
        cases++;
      }
    }
    expect(cases).toBe(30);
    optimizer.dispose();
    net.dispose();
  }, 120_000);
});
