// The networks a command will train from its options, so that the command line can try them (checkNetworks) before
// any data is read. eval, explain and report build theirs from a run's config.json, checked when it is read.
import { comparedRuns } from '../compare/compareRuns';
import type { TrainerOptions } from '../config/options';
import { plannedClasses } from '../run/checkNetworks';
import { demoOptions } from './demo';
import { pretrainRunOptions } from './pretrain';

/** The networks `command` will build from `options`, each with its class count. */
export function plannedNetworks(command: string, options: TrainerOptions, given: ReadonlySet<string>): { options: TrainerOptions; classes: number }[] {
  const compared = (settings: TrainerOptions) => comparedRuns(settings).map((run) => ({ options: { ...settings, ...run.overrides }, classes: plannedClasses(settings) }));
  switch (command) {
    case 'train':
      return [{ options, classes: plannedClasses(options) }];
    case 'compare':
      return compared(options);
    case 'demo':
      return compared(demoOptions(options, given));
    case 'pretrain':
      // The image folder's classes are known only once it is read: at least 2.
      return [{ options: pretrainRunOptions(options), classes: Math.max(2, plannedClasses(options)) }];
    case 'bench':
      return (options.bench ?? [options.backbone]).flatMap((backbone) => [false, true].map((interpretable) => ({ options: { ...options, backbone, interpretable }, classes: 1 })));
    default:
      return [];
  }
}
