// The options of buildInterpretableNet (SPEC §4) and their checks; every error names the option.
import type { Backbone, BackboneOptions } from '@icnn/backbone';
import type { FilterGradient, MaskPlacement, MaskScale, Reduction } from '@icnn/core';
import type { PoolSpec } from './postPool';

/** 'paper' (as published) or 'authors' (as in the released MATLAB code: centroid mask with learned β). */
export type NetVariant = 'paper' | 'authors';
/** Classification loss: logistic (±1 per class; single- and multi-category) or softmax (multi-category). */
export type ClassificationLossKind = 'logistic' | 'softmax';
/**
 * Where a filter loss sits: 'top' on the backbone's top conv (after ReLU, entering its mask); 'newConv' on the new
 * conv layer's map after ReLU (entering its mask; the paper); 'afterPool' on the new layer's masked, pooled map
 * (the authors' code).
 */
export type LossPoint = 'top' | 'newConv' | 'afterPool';
/** The two masked layers: the backbone's top conv and the new conv. */
export type MaskLayer = 'top' | 'newConv';

export interface InterpretableNetOptions {
  /** A created backbone (the caller keeps ownership) or a registered name (the net creates and owns it). */
  backbone: Backbone | string;
  /** Options for a backbone given by name (width, inputSize, seed). */
  backboneOptions?: BackboneOptions;
  /** Number of classes L (logits [B, L]); 1 for a single category (logistic). */
  classes: number;
  /** false: the ordinary baseline (same layers and parameters, no masks, no filter losses). Default true. */
  interpretable?: boolean;
  /** Default 'paper'. Sets the mask, the default gradient and the default loss points. */
  variant?: NetVariant;
  /**
   * Interpretable net only: false keeps the masks and drops the filter losses — the 'masks alone' control that
   * asks how much of the effect the loss adds. Default true.
   */
  filterLosses?: boolean;
  /**
   * Interpretable net only: where the masks sit, 'peak' (each map's own µ, the method; default) or 'centre' (fixed
   * at the map centre for every image — the fixed-placement control).
   */
  maskPlacement?: MaskPlacement;
  /**
   * Where the filter losses go: the full list, or the second loss's place alone (the first stays on 'top').
   * Default: ['top', 'newConv'] for 'paper', ['top', 'afterPool'] for 'authors'.
   */
  lossPoints?: 'newConv' | 'afterPool' | readonly LossPoint[];
  /** Gradient of the filter losses (@icnn/core filterLoss). Default: 'paper' or 'authors' after the variant. */
  gradient?: FilterGradient;
  /** Reduction of each loss point's filter loss over its filters. Default 'sum' (the paper's Σ_f Loss_f). */
  filterLossReduction?: Exclude<Reduction, 'none'>;
  /** Paper mask only: 'unit' (default) or the literal 'tau' template (see @icnn/core partMask). */
  maskScale?: MaskScale;
  /** Default 'logistic'. */
  loss?: ClassificationLossKind;
  /** The backbone tap the interpretable layers follow (ResNets: 'layer3', say). Default: the top conv (last tap). */
  tap?: string;
  /** The pool after the new layer. Default: the backbone's (SPEC §4), or one derived from the map size. */
  pool?: PoolSpec;
  /** Channels of the two hidden head layers. Default 4096. */
  hidden?: number;
  /** Dropout rate after each hidden head layer in training. Default 0.5. */
  dropout?: number;
  /** Initial β of the authors' masks. Default 2. */
  initialBeta?: number;
  /** Momentum of the paper gradient's running log Z_T (createRunningPartition). Default 0.9. */
  partitionMomentum?: number;
  /** Seed of the new layers' Gaussian initialisation. Default 0. */
  seed?: number;
  /**
   * σ of the new layers' Gaussian initialisation: 0.01 (SPEC §4, the authors' value for fine-tuning a pretrained
   * backbone; default) or 'he' (√(2/fan-in): for training from scratch, where four layers at 0.01 leave the logits
   * ≈ 1e-3 and learning stalls).
   */
  newLayerStd?: number | 'he';
}

export interface ResolvedNetOptions {
  classes: number;
  interpretable: boolean;
  filterLosses: boolean;
  maskPlacement: MaskPlacement;
  variant: NetVariant;
  lossPoints: readonly LossPoint[];
  gradient: FilterGradient;
  filterLossReduction: Exclude<Reduction, 'none'>;
  maskScale: MaskScale;
  loss: ClassificationLossKind;
  hidden: number;
  dropout: number;
  initialBeta: number;
  partitionMomentum: number;
  seed: number;
  newLayerStd: number | 'he';
}

const OP = 'buildInterpretableNet';

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${OP}: '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${OP}: '${name}' must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function resolveLossPoints(value: InterpretableNetOptions['lossPoints'], variant: NetVariant): readonly LossPoint[] {
  if (value === undefined) return variant === 'paper' ? ['top', 'newConv'] : ['top', 'afterPool'];
  if (typeof value === 'string') return ['top', oneOf('lossPoints', value, ['newConv', 'afterPool'] as const)];
  if (!Array.isArray(value)) throw new TypeError(`${OP}: 'lossPoints' must be 'newConv', 'afterPool' or an array of loss points`);
  const points = value.map((p) => oneOf('lossPoints[]', p, ['top', 'newConv', 'afterPool'] as const));
  if (new Set(points).size !== points.length) throw new RangeError(`${OP}: 'lossPoints' lists a point twice: [${points.join(', ')}]`);
  return points;
}

function checkStd(std: unknown): number | 'he' {
  if (std === 'he' || (typeof std === 'number' && std > 0 && Number.isFinite(std))) return std;
  throw new RangeError(`${OP}: 'newLayerStd' must be a positive number or 'he', got ${JSON.stringify(std)}`);
}

export function resolveNetOptions(options: InterpretableNetOptions): ResolvedNetOptions {
  if (options == null || typeof options !== 'object') throw new TypeError(`${OP}: expected an options object, got ${String(options)}`);
  const variant = oneOf('variant', options.variant ?? 'paper', ['paper', 'authors'] as const);
  const dropout = options.dropout ?? 0.5;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new RangeError(`${OP}: 'dropout' must be in [0, 1), got ${String(dropout)}`);
  const initialBeta = options.initialBeta ?? 2;
  if (typeof initialBeta !== 'number' || !(initialBeta > 0)) throw new RangeError(`${OP}: 'initialBeta' must be > 0, got ${String(initialBeta)}`);
  const partitionMomentum = options.partitionMomentum ?? 0.9;
  if (!(partitionMomentum >= 0 && partitionMomentum < 1)) {
    throw new RangeError(`${OP}: 'partitionMomentum' must be in [0, 1), got ${String(partitionMomentum)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`${OP}: 'seed' must be an integer, got ${String(seed)}`);
  const loss = oneOf('loss', options.loss ?? 'logistic', ['logistic', 'softmax'] as const);
  const classes = positiveInteger('classes', options.classes);
  if (loss === 'softmax' && classes < 2) throw new RangeError(`${OP}: 'loss' 'softmax' needs 'classes' ≥ 2, got ${classes}`);
  const interpretable = options.interpretable ?? true;
  if (typeof interpretable !== 'boolean') throw new TypeError(`${OP}: 'interpretable' must be a boolean, got ${String(interpretable)}`);
  const filterLosses = options.filterLosses ?? true;
  if (typeof filterLosses !== 'boolean') throw new TypeError(`${OP}: 'filterLosses' must be a boolean, got ${String(filterLosses)}`);
  const maskPlacement = oneOf('maskPlacement', options.maskPlacement ?? 'peak', ['peak', 'centre'] as const);
  if (!interpretable && (options.filterLosses !== undefined || options.maskPlacement !== undefined)) {
    throw new RangeError(`${OP}: 'filterLosses' and 'maskPlacement' apply to the interpretable net only ('interpretable' is false)`);
  }
  return {
    classes,
    interpretable,
    filterLosses: interpretable && filterLosses,
    maskPlacement,
    variant,
    lossPoints: resolveLossPoints(options.lossPoints, variant),
    gradient: oneOf('gradient', options.gradient ?? variant, ['exact', 'paper', 'authors'] as const),
    filterLossReduction: oneOf('filterLossReduction', options.filterLossReduction ?? 'sum', ['mean', 'sum'] as const),
    maskScale: oneOf('maskScale', options.maskScale ?? 'unit', ['unit', 'tau'] as const),
    loss,
    hidden: positiveInteger('hidden', options.hidden ?? 4096),
    dropout,
    initialBeta,
    partitionMomentum,
    seed,
    newLayerStd: checkStd(options.newLayerStd ?? 0.01),
  };
}
