// The networks a command will train, tried before any data is read: an unknown --backbone or --tap, an input too
// small for the backbone, softmax over one class, a --batch too small for the filter loss are each an exit-2 error
// naming the options — not a stack trace after minutes of data preparation.
import { ConfigError, type TrainerOptions } from '../config/options';
import { buildNet } from './buildNet';

/** The classes a run of `options` trains before its data says so: its categories when several, else 1. */
export function plannedClasses(options: Pick<TrainerOptions, 'category'>): number {
  return options.category && options.category.length > 1 ? options.category.length : 1;
}

/** Throws a ConfigError when a network of any of `runs` (options with their class count) cannot be trained. */
export function checkNetworks(runs: readonly { options: TrainerOptions; classes: number }[]): void {
  for (const { options, classes } of runs) {
    // −MI over one image is 0 whatever the map (SPEC §3.1: p(x|T) = 1): the filter loss would teach nothing, silently.
    if (options.interpretable && options.filterLosses && options.batch < 2) {
      throw new ConfigError(`option 'batch' ${options.batch}: the filter loss is the mutual information over a batch's images, 0 for a single image; use --batch 2 or more (or --no-filter-losses)`);
    }
    // Tap, geometry and head do not depend on the width or the hidden layers: a slim copy is tried, quickly.
    let net;
    try {
      net = buildNet({ ...options, width: Math.min(options.width, 1 / 16), hidden: 1 }, classes);
    } catch (error) {
      const tap = options.tap !== undefined ? ` --tap ${options.tap}` : '';
      throw new ConfigError(`--backbone ${options.backbone}${tap} --input-size ${options.inputSize} --loss ${options.loss} (${classes} class${classes === 1 ? '' : 'es'}): ${(error as Error).message}`, { cause: error });
    }
    net.dispose();
  }
}
