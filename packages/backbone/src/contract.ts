// The backbone plugin contract, version 'v1' (after vercel/ai's provider specification): what a plugin package
// implements and what the rest of icnn relies on. Types only; a change that breaks plugins bumps the version.
import type { Tensor4D, Variable } from '@tensorflow/tfjs-core';
import type { LayerSpec } from './layers';

/** The contract version this package implements. */
export const SPECIFICATION_VERSION = 'v1';
export type SpecificationVersion = typeof SPECIFICATION_VERSION;

/** Where a feature-map cell looks in the input, in input pixels (pixel (i, j) has its centre at (i, j)). */
export interface ReceptiveField {
  /** Side of the square window of input pixels that can influence one cell (padding included). */
  size: number;
  /**
   * Centre of cell (0, 0)'s window, in input pixels, on both axes. Cell (r, c) is centred at
   * `(centre + r·stride, centre + c·stride)`. It may be negative or fractional (padding, even pooling windows).
   */
  centre: number;
}

/** One tap layer of a backbone: a feature map that `forwardFeatures` can return. */
export interface FeatureInfo {
  /** Tap name, the key in `forwardFeatures`' result (e.g. 'conv5_3', 'layer3'). */
  name: string;
  /** Channels of the map. */
  channels: number;
  /** Input pixels per cell step (the reduction). */
  stride: number;
  receptiveField: ReceptiveField;
  /** [height, width] of the map for an input of `inputShape`. */
  spatialSize: [number, number];
}

/** Options every backbone accepts. */
export interface BackboneOptions {
  /** Channel multiplier: every layer's channels scaled by it and rounded (at least 1 per group). Default 1. */
  width?: number;
  /** Side of the square input in pixels. Default: the architecture's (224; 227 for AlexNet). */
  inputSize?: number;
  /** Seed of the He initialisation. Default 0. */
  seed?: number;
}

/**
 * The options type of each backbone, by registry name. Empty here: a plugin whose backbones take more options than
 * {@link BackboneOptions} adds them by declaration merging, so that `createBackbone('resnet50', { strideOn: '1x1' })`
 * typechecks without a cast wherever the plugin is imported:
 *
 *     declare module '@icnn/backbone' {
 *       interface BackboneOptionsMap { resnet50: ResnetOptions }
 *     }
 */
export interface BackboneOptionsMap {}

/** The options of the backbone registered as `N`: its plugin's type when it declared one, else the common ones. */
export type BackboneOptionsFor<N extends string> = N extends keyof BackboneOptionsMap ? BackboneOptionsMap[N] : BackboneOptions;

export interface ForwardOptions {
  /** Taps to return (default: all, in `featureInfo` order). */
  taps?: readonly string[];
  /**
   * Training mode: batch normalisation uses the batch's statistics and updates its running ones. Default false
   * (running statistics). Backbones without batch normalisation ignore it.
   */
  training?: boolean;
}

/** What a Keras weight import needs to know of a backbone. */
export type KerasImportTarget = Pick<Backbone, 'name' | 'variables'> & Partial<Pick<Backbone, 'layers' | 'kerasNames'>>;

/**
 * Keras layer weight names (as tensorflowjs_converter writes them for keras.applications models, 'name:0' suffixes
 * of older converters included) → this backbone's variable names; null for weights that are not its own (a
 * classifier). A plugin that can take a Keras model's weights sets it on its definition (`kerasNames`), and
 * `importKerasWeights` of @icnn/model uses it.
 */
export interface KerasNameMap {
  (kerasName: string): string | null;
  /** Throws, saying why, when `backbone`'s layout (options) cannot take this model's weights. */
  checkBackbone?: (backbone: KerasImportTarget) => void;
  /**
   * The model's convs have biases where the backbone's bias-free convs are followed by batch norm: the map sends
   * them to '<conv>/bias' and the import folds each into that batch norm's moving mean (every such bias required).
   */
  foldConvBiases?: boolean;
}

/** A created backbone: the feature extractor up to its top conv layer (after ReLU). */
export interface Backbone {
  readonly specificationVersion: SpecificationVersion;
  /** The registered name, e.g. 'vgg16'. */
  readonly name: string;
  /** [height, width, 3], NHWC without the batch. */
  readonly inputShape: [number, number, 3];
  /** Tap layers from input to output; the last is the top conv layer. */
  readonly featureInfo: readonly FeatureInfo[];
  /**
   * The layer list the backbone runs and its geometry is derived from (`deriveGeometry`); contract checks
   * recompute `featureInfo` from it.
   */
  readonly layers: readonly LayerSpec[];
  /** Every variable by a stable name ('conv1/kernel', 'layer1.0.bn1/movingMean', …), trainable or not. */
  readonly variables: Readonly<Record<string, Variable>>;
  /** The trainable variables, for optimisers (batch-norm running statistics are not trainable). */
  trainableVariables(): Variable[];
  /** Trainable parameters of the feature extractor alone. */
  countParams(): number;
  /** Runs x [B, h, w, 3] and returns the requested taps, each [B, h', w', channels]. */
  forwardFeatures(x: Tensor4D, options?: ForwardOptions): Record<string, Tensor4D>;
  /** Frees the variables. The backbone is unusable afterwards. */
  dispose(): void;
  /** Its Keras weight names, when its plugin maps a keras.applications model onto it. */
  readonly kerasNames?: KerasNameMap;
}

/** What a plugin registers: a named factory. */
export interface BackboneDefinition<O extends BackboneOptions = BackboneOptions> {
  readonly specificationVersion: SpecificationVersion;
  /** Registry key: lower case, e.g. 'vgg16', 'resnet50'. */
  readonly name: string;
  /** The package and version that provides it ('@icnn/backbone-vgg@0.1.0'), named in registry errors. */
  readonly provider?: string;
  /** One line for listings and errors. */
  readonly description?: string;
  create(options?: O): Backbone;
}
