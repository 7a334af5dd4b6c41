// The network a run trains, from the trainer's options (SPEC §4 through @icnn/model).
import { register as registerAlexnet } from '@icnn/backbone-alexnet';
import { register as registerResnet } from '@icnn/backbone-resnet';
import { register as registerVgg } from '@icnn/backbone-vgg';
import { buildInterpretableNet, type InterpretableNet } from '@icnn/model';
import type { TrainerOptions } from '../config/options';

let registered = false;

/** Registers the bundled backbone plugins (once). */
export function registerBackbones(): void {
  if (registered) return;
  registerAlexnet();
  registerVgg();
  registerResnet();
  registered = true;
}

export function buildNet(options: TrainerOptions, classes: number): InterpretableNet {
  registerBackbones();
  return buildInterpretableNet({
    backbone: options.backbone,
    backboneOptions: { width: options.width, inputSize: options.inputSize, seed: options.seed },
    classes,
    interpretable: options.interpretable,
    variant: options.variant,
    loss: options.loss,
    hidden: options.hidden,
    dropout: options.dropout,
    seed: options.seed,
    newLayerStd: options.init === 'he' ? 'he' : 0.01,
    ...(options.tap !== undefined ? { tap: options.tap } : {}),
    ...(options.interpretable
      ? {
          filterLosses: options.filterLosses,
          maskPlacement: options.maskPlacement,
          ...(options.gradient !== undefined ? { gradient: options.gradient } : {}),
          ...(options.lossPoints !== undefined ? { lossPoints: options.lossPoints } : {}),
        }
      : {}),
  });
}

/** A short name for the kind of network: ordinary, interpretable, or one of the controls. */
export function runKind(options: TrainerOptions): string {
  if (!options.interpretable) return 'ordinary';
  if (options.maskPlacement === 'centre') return 'centre-mask';
  if (!options.filterLosses) return 'mask-only';
  return 'interpretable';
}
