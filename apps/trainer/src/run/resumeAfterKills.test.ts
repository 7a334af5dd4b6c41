// Property: however often a training is killed (a crash after any batch, or between any two steps of a checkpoint
// save) or interrupted (Ctrl-C), resuming each time ends on the uninterrupted run's checkpoint, bit for bit: weights,
// optimiser velocities, category EMAs and every epoch's figures. The kills are in-process (a thrown error where the
// process would have died): what survives is what was on disk at that moment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '@icnn/runtime';
import { seededRandom } from '@icnn/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../data/prepareData';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { checkpointDir, readRunState, SAVE_STEPS, type TrainerState } from './runCheckpoint';
import { trainNetwork, type EpochSummary, type TrainHooks } from './trainNetwork';

class Kill extends Error {}

/** Two runs of 2 epochs × 5 batches: one category, and two (the category EMAs are part of the state). */
const RUNS = [
  ['--partworld-images', '16', '--batch', '4'],
  ['--partworld-images', '16', '--batch', '4', '--category', 'alpha,beta', '--loss', 'softmax'],
];
const KILLS = 50;

interface Ending {
  weights: Buffer;
  state: TrainerState;
}

const ending = (out: string): Ending => ({ weights: readFileSync(join(checkpointDir(out), 'weights.bin')), state: readRunState(out)! });
const figures = (epochs: EpochSummary[] | undefined) => (epochs ?? []).map(({ seconds: _, ...rest }) => rest);

interface Tally {
  killedAfterBatch: number;
  killedInSave: number;
  interrupted: number;
  points: Set<string>;
}

/**
 * Trains `flags` in `out`, killing or interrupting each attempt at a point drawn from `random`, resuming from whatever
 * is on disk, until an attempt runs to the end.
 */
async function trainThroughKills(flags: string[], data: PreparedData, out: string, random: () => number, tally: Tally): Promise<void> {
  for (;;) {
    const controller = new AbortController();
    const draw = random();
    const mode = draw < 0.45 ? 'save' : draw < 0.8 ? 'batch' : 'interrupt';
    // A kill in a save stops the save that an interrupt after 0 or 1 batches (or an epoch's end before it) makes.
    const batches = mode === 'save' ? Math.floor(random() * 2) : 1 + Math.floor(random() * 2);
    const step = SAVE_STEPS[Math.floor(random() * SAVE_STEPS.length)];
    if (batches === 0) controller.abort();
    let done = 0;
    let where = '';
    const hooks: TrainHooks = {
      verbose: false,
      data,
      evaluateFilters: false,
      signal: controller.signal,
      onBatch: (epoch, batch) => {
        where = `epoch ${epoch} batch ${batch}`;
        if (++done < batches) return;
        if (mode === 'batch') throw new Kill(where);
        controller.abort();
      },
      afterSaveStep: (at) => {
        if (mode === 'save' && at === step) throw new Kill(`${where} save ${at}`);
      },
    };
    try {
      const result = await trainNetwork({ ...tinyOptions(flags), out, resume: readRunState(out) !== null }, hooks);
      result.net.dispose();
      if (!result.interrupted) return;
      tally.interrupted++;
    } catch (error) {
      if (!(error instanceof Kill)) throw error;
      tally.points.add(error.message);
      if (mode === 'save') tally.killedInSave++;
      else tally.killedAfterBatch++;
    }
  }
}

describe('resume after kills', () => {
  const straight: Ending[] = [];
  const data: PreparedData[] = [];
  beforeAll(async () => {
    await initBackend('cpu');
    for (const flags of RUNS) {
      data.push(await prepareData(tinyOptions(flags)));
      const out = temporaryOut();
      const run = await trainNetwork({ ...tinyOptions(flags), out }, { verbose: false, data: data[data.length - 1], evaluateFilters: false });
      run.net.dispose();
      straight.push(ending(out));
    }
  }, 120_000);

  it(`killed at seeded random points ≥ ${KILLS} times and resumed each time, training ends on the uninterrupted run's checkpoint, bit for bit`, async () => {
    const random = seededRandom(15);
    const tally: Tally = { killedAfterBatch: 0, killedInSave: 0, interrupted: 0, points: new Set() };
    let trials = 0;
    while (tally.killedAfterBatch + tally.killedInSave < KILLS) {
      const run = trials++ % RUNS.length;
      const out = temporaryOut();
      await trainThroughKills(RUNS[run], data[run], out, random, tally);
      const end = ending(out);
      expect(end.weights.equals(straight[run].weights), `trial ${trials}: weights and velocities`).toBe(true);
      expect(end.state.categories).toEqual(straight[run].state.categories);
      expect(figures(end.state.history)).toEqual(figures(straight[run].state.history));
    }
    // The kills reached every step of a save and batches of both epochs.
    const points = [...tally.points];
    for (const step of SAVE_STEPS) expect(points.some((p) => p.endsWith(step)), step).toBe(true);
    for (const epoch of [1, 2]) expect(points.some((p) => p.startsWith(`epoch ${epoch} `) && !p.includes('save')), `epoch ${epoch}`).toBe(true);
    expect(trials).toBeGreaterThanOrEqual(RUNS.length);
  }, 300_000);
});
