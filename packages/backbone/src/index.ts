export { SPECIFICATION_VERSION } from './contract';
export type {
  Backbone,
  BackboneDefinition,
  BackboneOptions,
  BackboneOptionsFor,
  BackboneOptionsMap,
  FeatureInfo,
  ForwardOptions,
  KerasImportTarget,
  KerasNameMap,
  ReceptiveField,
  SpecificationVersion,
} from './contract';
export { nestedLayers, paddingPair } from './layers';
export type {
  AvgPoolSpec,
  BatchNormSpec,
  ConcatSpec,
  ConvSpec,
  DepthwiseConvSpec,
  GlobalAvgPoolSpec,
  LayerKind,
  LayerSpec,
  LrnSpec,
  MaxPoolSpec,
  Padding,
  Relu6Spec,
  ReluSpec,
  ResidualSpec,
} from './layers';
export { registerBackbone, unregisterBackbone, listBackbones, getBackboneDefinition, createBackbone } from './registry';
export { KNOWN_BACKBONE_PACKAGES } from './knownBackbones';
export { declareBackbonePackages, backbonePackageOf } from './backbonePackages';
export { deriveGeometry, featureInfoFromLayers } from './geometry';
export type { GeometryOptions, LayerGeometry } from './geometry';
export { defineLayerBackbone, buildLayerBackbone } from './buildLayerBackbone';
export type { LayerBackboneConfig } from './buildLayerBackbone';
export { resolveOptions, scaledFilters, scaleWidth } from './options';
export { nextInstance, seedFor } from './variableNaming';
export type { ResolvedOptions } from './options';
export { KERAS_BATCH_NORM_WEIGHTS, stripKerasSuffix } from './kerasNames';
export { addChannelBias } from './addChannelBias';
export { batchNormTraining } from './batchNormTraining';
export { channelMeans } from './channelMeans';
export type { BatchNormTraining } from './batchNormTraining';
