// The backbone contract kit (after timm's tests/test_models.py): one call adds the contract's tests for a
// registered backbone to the current vitest suite. Run it inside a suite whose backend is ready
// (describeBackends from @icnn/test-utils, or initBackend + setBackend in beforeAll).
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, getBackboneDefinition, SPECIFICATION_VERSION, type Backbone, type BackboneOptions, type BackboneOptionsFor } from '@icnn/backbone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFeatureInfoFromLayers } from './checks/geometry';
import { expectForwardMatchesFeatureInfo } from './checks/forwardShapes';
import { expectGradientsReachEveryVariable } from './checks/gradients';
import { expectInstallHint } from './checks/installHint';
import { expectParameterCount } from './checks/parameters';
import { expectInfluenceWithinReceptiveField } from './checks/receptiveFieldSupport';

/** `O`: the backbone's own options type (its plugin's `BackboneOptionsMap` entry), so that its options need no cast. */
export interface BackboneContractOptions<O extends BackboneOptions = BackboneOptions> {
  /** Options of the full-size backbone (default none: the architecture as published). */
  full?: O;
  /** Options of the small variant the gradient and receptive-field checks use (default `{ width: 1/8 }`). */
  small?: O;
  /** Seed of the random inputs (default 0). */
  seed?: number;
}

export function runBackboneContract<N extends string>(name: N, options: BackboneContractOptions<BackboneOptionsFor<N>> = {}): void {
  const { full, small = { width: 1 / 8 }, seed = 0 } = options as BackboneContractOptions;
  // The kit passes the options through as given; past the signature, the common type serves.
  const create = (opts: BackboneOptions | undefined) => createBackbone(name as string, opts);
  describe(`backbone contract: ${name}`, () => {
    let backbone: Backbone;
    beforeAll(() => {
      backbone = create(full);
    });
    afterAll(() => backbone?.dispose());

    it('is registered under its name with contract v1', () => {
      const definition = getBackboneDefinition(name);
      expect(definition.name).toBe(name);
      expect(definition.specificationVersion).toBe(SPECIFICATION_VERSION);
      expect(backbone.name).toBe(name);
      expect(backbone.specificationVersion).toBe(SPECIFICATION_VERSION);
    });

    it("has an install hint that createBackbone's error names when it is not registered (always for icnn plugins)", () => expectInstallHint(name));

    it('counts exactly its trainable parameters', () => expectParameterCount(backbone));

    it('reports featureInfo derived from its layer list', () => expectFeatureInfoFromLayers(backbone));

    it('returns every tap with featureInfo’s shape at its real input size (batch 1), leaking nothing', () =>
      expectForwardMatchesFeatureInfo(backbone, 1, seed));

    describe(`small variant ${JSON.stringify(small)}`, () => {
      let variant: Backbone;
      beforeAll(() => {
        variant = create({ seed, ...small });
      });
      afterAll(() => variant?.dispose());

      it('passes gradients to every trainable variable, leaking nothing', () => expectGradientsReachEveryVariable(variant, 2, seed));

      it('is influenced only by input pixels inside its top receptive field', () => expectInfluenceWithinReceptiveField(variant, seed));

      it('frees every tensor it created on dispose()', () => {
        const before = tf.memory().numTensors;
        const other = create({ seed: seed + 1, ...small });
        expect(tf.memory().numTensors).toBeGreaterThan(before);
        other.dispose();
        expect(tf.memory().numTensors, `${name}: tensors left after dispose()`).toBe(before);
        const x = tf.zeros([1, ...other.inputShape]) as tf.Tensor4D;
        expect(() => other.forwardFeatures(x)).toThrow(/disposed/);
        x.dispose();
      });
    });
  });
}
