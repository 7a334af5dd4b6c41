// The optimiser of an InterpretableNet: SGD over its trainable variables and its masks' β (not batch-norm
// statistics), keyed by the net's stable variable names.
import type { InterpretableNet } from '@icnn/model';
import { createSgd, type Sgd, type SgdOptions } from './sgd';

export function createNetOptimizer(net: InterpretableNet, options: SgdOptions = {}): Sgd {
  const betas = new Set(Object.values(net.betaVariables()));
  const optimised = Object.fromEntries(Object.entries(net.variables).filter(([, v]) => v.trainable || betas.has(v)));
  return createSgd(optimised, options);
}
