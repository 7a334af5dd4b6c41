// Per-variable learning-rate multipliers of a run (SPEC §4's fine-tuning): the backbone's layers × --backbone-lr
// (below 1 to keep a pretrained backbone close to where it starts, 0 to freeze it), every bias × --bias-lr (the
// paper fine-tunes biases at 2×), on top of the optimiser's defaults (no decay on biases and β, β at 0.05×).
import { defaultMultipliers, type ParameterMultipliers } from '@icnn/training';
import type { TrainerOptions } from '../config/options';

export function learningRateMultipliers(options: Pick<TrainerOptions, 'backboneLr' | 'biasLr'>): (name: string) => ParameterMultipliers {
  return (name) => {
    const base = defaultMultipliers(name);
    let lr = base.lr ?? 1;
    if (name.startsWith('backbone/')) lr *= options.backboneLr;
    if (/\/bias$/.test(name)) lr *= options.biasLr;
    return { ...base, lr };
  };
}
