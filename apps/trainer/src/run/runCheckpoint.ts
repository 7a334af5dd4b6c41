// A run's checkpoint: the net's variables, the optimiser's velocities and the trainer's state (epoch and batch reached,
// category EMAs) in one folder, replaced atomically: written beside it, then swapped in by renames, so an
// interruption at any moment leaves either the old checkpoint or the new one, never a mix.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint, type InterpretableNet } from '@icnn/model';
import { fileSystemHandler, MODEL_FILE } from '@icnn/model/node';
import type { EpochTotals, Sgd } from '@icnn/training';
import { ConfigError } from '../config/options';
import { loadCheckedCheckpoint } from './loadCheckedCheckpoint';
import { readJsonFile } from './readJsonFile';
import type { EpochSummary } from './epochLoop';

export interface TrainerState {
  /** Epochs fully done. */
  epochsDone: number;
  /** Batches done in epoch epochsDone + 1 (an interrupted epoch). */
  batchesDone: number;
  categories?: Record<string, number[]>;
  /** The options the run was started with (resume checks them). */
  options: Record<string, unknown>;
  /** The summaries of the epochs done, so that metrics.json after a resume has them all (absent in older checkpoints). */
  history?: EpochSummary[];
  /** The interrupted epoch's sums and seconds so far, so that its summary covers the batches before the resume. */
  partialEpoch?: { totals: EpochTotals; seconds: number };
}

const VELOCITY_PREFIX = 'optimizer/';

function checkpointVariables(net: InterpretableNet, optimizer: Sgd): Record<string, tf.Variable> {
  const variables: Record<string, tf.Variable> = { ...net.variables };
  for (const [name, velocity] of Object.entries(optimizer.velocities)) variables[`${VELOCITY_PREFIX}${name}`] = velocity;
  return variables;
}

export function checkpointDir(out: string): string {
  return join(out, 'checkpoint');
}

/** The steps of a save, in order; tests stop a save after any of them to play a crash there. */
export const SAVE_STEPS = ['removedStaleNext', 'wroteNext', 'movedCurrentAside', 'movedNextIn', 'removedPrevious'] as const;
export type SaveStep = (typeof SAVE_STEPS)[number];

export async function saveRunCheckpoint(out: string, net: InterpretableNet, optimizer: Sgd, state: TrainerState, afterStep?: (step: SaveStep) => void): Promise<void> {
  const target = checkpointDir(out);
  const next = `${target}.next`;
  const previous = `${target}.previous`;
  rmSync(next, { recursive: true, force: true });
  afterStep?.('removedStaleNext');
  await saveCheckpoint({ variables: checkpointVariables(net, optimizer) }, fileSystemHandler(next), { metadata: { trainer: state } });
  afterStep?.('wroteNext');
  // `.previous` may be the only complete checkpoint (a crash left no `checkpoint`): it goes only once the current
  // one takes its place, so that at every moment `checkpoint` or `.previous` holds a whole one.
  if (existsSync(join(target, MODEL_FILE))) {
    rmSync(previous, { recursive: true, force: true });
    renameSync(target, previous);
  } else {
    rmSync(target, { recursive: true, force: true });
  }
  afterStep?.('movedCurrentAside');
  renameSync(next, target);
  afterStep?.('movedNextIn');
  rmSync(previous, { recursive: true, force: true });
  afterStep?.('removedPrevious');
}

/** The state stored with a run's checkpoint, or null when the folder has none. */
export function readRunState(out: string): TrainerState | null {
  // A crash between the two renames leaves only `.previous`: it is complete.
  for (const dir of [checkpointDir(out), `${checkpointDir(out)}.previous`]) {
    const file = join(dir, MODEL_FILE);
    if (!existsSync(file)) continue;
    const model = readJsonFile(file) as { modelTopology?: { trainer?: TrainerState } } | null;
    if (model?.modelTopology?.trainer === undefined) throw new ConfigError(`${file}: not an icnn trainer checkpoint (no trainer state)`);
    return model.modelTopology.trainer;
  }
  return null;
}

/** The folder to read a run's checkpoint from (the swap's `.previous` when a crash left only that) and its state. */
function checkpointToRead(out: string, purpose: string): { dir: string; state: TrainerState } {
  const dir = existsSync(join(checkpointDir(out), MODEL_FILE)) ? checkpointDir(out) : `${checkpointDir(out)}.previous`;
  const state = readRunState(out);
  if (state === null) throw new ConfigError(`${out}: no checkpoint ${purpose} (expected ${join(checkpointDir(out), MODEL_FILE)}; a run saves one after its first epoch or when stopped)`);
  return { dir, state };
}

export async function loadRunCheckpoint(out: string, net: InterpretableNet, optimizer: Sgd): Promise<TrainerState> {
  const { dir, state } = checkpointToRead(out, 'to resume from');
  await loadCheckedCheckpoint({ variables: checkpointVariables(net, optimizer) }, dir);
  return state;
}

/** Loads only the net's variables of a run's checkpoint (eval, explain), reading past the optimiser's velocities. */
export async function loadNetWeights(out: string, net: InterpretableNet): Promise<TrainerState> {
  const { dir, state } = checkpointToRead(out, 'to load');
  await loadCheckedCheckpoint(net, dir, { skip: (name) => name.startsWith(VELOCITY_PREFIX) });
  return state;
}
