// The contract kit over the whole registry: every backbone that listBackbones() returns gets the contract's tests,
// not only those whose package opted in, each on a small variant (width 1/8, the smallest input that leaves its top
// map at least 2×2) so that a sweep over every plugin stays cheap.
import { createBackbone, featureInfoFromLayers, listBackbones, type BackboneOptions } from '@icnn/backbone';
import { runBackboneContract } from './runBackboneContract';

export interface SmallVariantOptions {
  /** Channel multiplier (default 1/8). */
  width?: number;
  /** Smallest side of the top tap's map (default 2). */
  minMapSize?: number;
}

/**
 * Options for a small variant of `name`: `width`, and the smallest input size (a multiple of 8, up to the backbone's
 * default) at which its layer list gives a top map of at least `minMapSize` cells. Creates one instance to read the
 * layer list, so a backend must be ready.
 */
export function smallVariantOptions(name: string, options: SmallVariantOptions = {}): BackboneOptions {
  const { width = 1 / 8, minMapSize = 2 } = options;
  const probe = createBackbone(name, { width });
  const { layers } = probe;
  const defaultSize = probe.inputShape[0];
  probe.dispose();
  for (let inputSize = 8; inputSize < defaultSize; inputSize += 8) {
    let topSize: number;
    try {
      topSize = featureInfoFromLayers(layers, { inputSize }).at(-1)!.spatialSize[0];
    } catch {
      continue; // an input too small for some layer's window
    }
    if (topSize >= minMapSize) return { width, inputSize };
  }
  return { width, inputSize: defaultSize };
}

/**
 * Adds `runBackboneContract` for every registered backbone, each at `smallVariantOptions` (as both its full and its
 * small variant). Call it after registering the plugins and readying a backend (top-level `await initBackend(…)`),
 * inside a suite that runs on that backend.
 */
export function runContractOverRegistry(options: SmallVariantOptions = {}): void {
  const names = listBackbones();
  if (names.length === 0) throw new Error('runContractOverRegistry: no backbone is registered; call the plugins\' register() first');
  for (const name of names) {
    const small = smallVariantOptions(name, options);
    runBackboneContract(name, { full: small, small });
  }
}
