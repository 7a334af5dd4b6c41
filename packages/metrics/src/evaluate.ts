// `@icnn/metrics/evaluate`: the evaluation pass, which runs a TensorFlow.js model over a dataset (peer dependency
// @tensorflow/tfjs-core); the main entry stays tfjs-free.
export { evaluateFilters } from './evaluateFilters';
export type { EvaluateFiltersOptions, FilterEvaluation, PartEvaluationOptions } from './evaluateFilters';
export { partThresholds } from './partThresholds';
export type { PartThresholdsOptions } from './partThresholds';
export { filterMaps } from './filterMaps';
export type { FilterMap, FilterMapRequest, FilterMapsOptions } from './filterMaps';
export type { BatchFactory, BatchIterable, BatchSource } from './batchSource';
export type { EvaluationBatch, ImageData4D } from './evaluationBatch';
export type { TopImage } from './topImages';
