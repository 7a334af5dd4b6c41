// The trainer's programmatic entry (Node): what the CLI runs, for scripts such as tools/gpu-check.
export { resolveOptions, parseFlags, ConfigError } from './config/options';
export type { TrainerOptions } from './config/options';
export { OPTION_TABLE } from './config/optionTable';
export { prepareData } from './data/prepareData';
export type { PreparedData } from './data/prepareData';
export { trainNetwork } from './run/trainNetwork';
export type { TrainResult, TrainHooks, EpochSummary } from './run/trainNetwork';
export { evaluateNetwork, validationAccuracy } from './evaluate/evaluateNetwork';
export type { RunMetrics, LocationFigures, NetworkEvaluation, EvaluateNetworkOptions } from './evaluate/evaluateNetwork';
export { compareRuns, settingsOf } from './compare/compareRuns';
export { compareTable, compareSummary, verdictOf, shiftedVerdictOf } from './compare/compareTable';
export type { CompareResult, CompareRunName } from './compare/compareResult';
export { buildNet, registerBackbones, runKind } from './run/buildNet';
export { workerScaling, workerScalingSteps } from './commands/workerScaling';
export type { WorkerScaling, WorkerScalingSteps } from './commands/workerScaling';
