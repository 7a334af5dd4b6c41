// Where a run starts: the checkpoint's weights, velocities, category EMAs and place with --resume (only with the
// options it was trained with), a pretrained backbone with --init-from, else the net as built, at epoch 0.
import type { InterpretableNet } from '@icnn/model';
import type { CategoryTracker, Sgd } from '@icnn/training';
import { ConfigError, type TrainerOptions } from '../config/options';
import { formatFixed } from './formatFixed';
import { initBackboneFrom } from './pretrainedBackbone';
import { loadRunCheckpoint, type TrainerState } from './runCheckpoint';

/** Options that may differ on --resume (the rest must match the checkpoint's; evalSeed only moves the evaluation). */
const RESUMABLE_CHANGES = new Set(['epochs', 'resume', 'out', 'progress', 'json', 'config', 'cacheDir', 'backend', 'evalSeed', 'workers', 'maxBadImages']);

function checkResumable(options: TrainerOptions, state: TrainerState): void {
  for (const [key, saved] of Object.entries(state.options)) {
    if (RESUMABLE_CHANGES.has(key)) continue;
    const now = (options as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(now) !== JSON.stringify(saved)) {
      throw new ConfigError(`--resume: option '${key}' is ${JSON.stringify(now)} but the checkpoint was trained with ${JSON.stringify(saved)}`);
    }
  }
}

export interface StartingStateOptions {
  options: TrainerOptions;
  net: InterpretableNet;
  optimizer: Sgd;
  tracker: CategoryTracker | undefined;
  label: string;
  /** Writes a line for the user (nothing when the run is quiet). */
  say: (line: string) => void;
}

/** Loads the net's (and optimiser's) starting point and returns the state the run continues from. */
export async function startingState({ options, net, optimizer, tracker, label, say }: StartingStateOptions): Promise<TrainerState> {
  if (options.resume) {
    const state = await loadRunCheckpoint(options.out!, net, optimizer);
    checkResumable(options, state);
    if (state.categories && tracker) tracker.restore(state.categories);
    say(`${label}: resuming after epoch ${state.epochsDone}${state.batchesDone ? `, batch ${state.batchesDone}` : ''}`);
    return state;
  }
  if (options.initFrom !== undefined) {
    const pretrained = await initBackboneFrom(net, options);
    say(`${label}: backbone from ${options.initFrom} (${pretrained.backbone} ×${pretrained.width}, ${pretrained.inputSize} px, ${pretrained.classes.length} classes, val acc ${formatFixed(pretrained.valAccuracy, 3)})`);
  }
  return { epochsDone: 0, batchesDone: 0, options: { ...options } as Record<string, unknown> };
}
