export { runBackboneContract } from './runBackboneContract';
export type { BackboneContractOptions } from './runBackboneContract';
export { expectForwardMatchesFeatureInfo } from './checks/forwardShapes';
export { expectParameterCount } from './checks/parameters';
export { expectFeatureInfoFromLayers } from './checks/geometry';
export { expectGradientsReachEveryVariable } from './checks/gradients';
export { expectInfluenceWithinReceptiveField } from './checks/receptiveFieldSupport';
export { runContractOverRegistry, smallVariantOptions } from './registeredBackbones';
export type { SmallVariantOptions } from './registeredBackbones';
