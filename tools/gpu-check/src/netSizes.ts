// The network sizes each part of the check runs at. The full size is the paper's VGG-16 setting; the comparison
// with the cpu backend runs small (its pure-JS conv gradients are the slowest part: ≈10 s a net here), the dry
// run tiny.
import { buildInterpretableNet, type InterpretableNet, type NetVariant } from '@icnn/model';
import { register as registerVgg } from '@icnn/backbone-vgg';

export interface NetSize {
  /** Side of the square input. */
  inputSize: number;
  /** Channel multiplier of the backbone (1 = VGG-16 as published). */
  width: number;
  batch: number;
  /** Channels of the two hidden head layers (4096 as published). */
  hidden: number;
}

export const FULL_SIZE: NetSize = { inputSize: 224, width: 1, batch: 32, hidden: 4096 };
export const COMPARISON_SIZE: NetSize = { inputSize: 48, width: 1 / 8, batch: 4, hidden: 128 };
export const DRY_RUN_SIZE: NetSize = { inputSize: 32, width: 1 / 8, batch: 2, hidden: 32 };

export type NetKind = 'ordinary' | 'interpretable';

export interface NetChoice {
  kind: NetKind;
  /** Interpretable nets only. Default 'paper'. */
  variant?: NetVariant;
}

export function describeNet(choice: NetChoice): string {
  return choice.kind === 'ordinary' ? 'ordinary' : `interpretable (${choice.variant ?? 'paper'})`;
}

/** VGG-16 → interpretable layers → head with one logistic output (single category), on the active backend. */
export function buildVgg16Net(size: NetSize, choice: NetChoice): InterpretableNet {
  registerVgg();
  return buildInterpretableNet({
    backbone: 'vgg16',
    backboneOptions: { inputSize: size.inputSize, width: size.width, seed: 1 },
    classes: 1,
    hidden: size.hidden,
    interpretable: choice.kind === 'interpretable',
    ...(choice.kind === 'interpretable' ? { variant: choice.variant ?? 'paper' } : {}),
    seed: 2,
  });
}

/** Deterministic inputs and ±1 labels (half positive), the same on every backend. */
export function syntheticBatchValues(size: NetSize, seed: number): { x: Float32Array; labels: Float32Array } {
  const x = new Float32Array(size.batch * size.inputSize * size.inputSize * 3);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.618 + seed) * 60; // mean-subtracted pixel scale
  const labels = Float32Array.from({ length: size.batch }, (_, b) => (b % 2 === 0 ? 1 : -1));
  return { x, labels };
}
