import * as tf from '@tensorflow/tfjs-core';
import { register as registerAlexnet } from '@icnn/backbone-alexnet';
import { register as registerResnet } from '@icnn/backbone-resnet';
import { register as registerVgg } from '@icnn/backbone-vgg';
import { createBackbone } from '@icnn/backbone';
import { describeBackends, expectNoLeaks } from '@icnn/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInterpretableNet } from './buildInterpretableNet';
import type { InterpretableNet } from './types';

registerAlexnet();
registerVgg();
registerResnet();

const TINY = { hidden: 16, dropout: 0 } as const;
const randomInput = (net: InterpretableNet, batch: number, seed = 1) =>
  tf.randomUniform([batch, ...net.inputShape], 0, 1, 'float32', seed) as tf.Tensor4D;
const singleLabels = (values: number[]) => tf.tensor1d(values);

describeBackends('buildInterpretableNet', () => {
  describe('shapes on small variants of several backbones', () => {
    const cases = [
      { backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, n: 2, pooled: 1 },
      { backbone: 'vgg-m', backboneOptions: { width: 1 / 16, inputSize: 96 }, n: 5, pooled: 2 },
      { backbone: 'vgg-s', backboneOptions: { width: 1 / 16, inputSize: 96 }, n: 6, pooled: 2 },
      { backbone: 'alexnet', backboneOptions: { width: 1 / 16, inputSize: 99 }, n: 5, pooled: 2 },
      { backbone: 'resnet18', backboneOptions: { width: 1 / 16, inputSize: 64 }, tap: 'layer3', n: 4, pooled: 2 },
    ];
    for (const { n, pooled, ...options } of cases) {
      it(`${options.backbone}: logits, newConvRaw, topFeatures and the filter loss`, async () => {
        const net = buildInterpretableNet({ ...options, classes: 3, variant: 'authors', ...TINY });
        const channels = net.tap.channels;
        expect(net.pooledSize).toBe(pooled);
        const x = randomInput(net, 2);
        const labels = tf.tensor2d([[1, -1, -1], [-1, 1, -1]]);
        const out = await expectNoLeaks(() => net.forward(x, { training: true, labels }), (r) => [r.logits, r.newConvRaw, r.topFeatures, r.filterLoss, ...Object.values(r.filterLosses), ...Object.values(r.maskInputs)].filter((t, i, all) => all.indexOf(t) === i));
        expect(out.logits.shape).toEqual([2, 3]);
        expect(out.newConvRaw.shape).toEqual([2, n, n, channels]);
        expect(out.topFeatures.shape).toEqual([2, n, n, channels]);
        expect(out.filterLoss.rank).toBe(0);
        expect(Number.isFinite(out.filterLoss.dataSync()[0])).toBe(true);
        expect(Object.keys(out.filterLosses).sort()).toEqual(['afterPool', 'top']);
        tf.dispose([x, labels, out as unknown as tf.TensorContainer]);
        net.dispose();
      });
    }
  });

  it('builds from a name and frees everything it created on dispose()', () => {
    const before = tf.memory().numTensors;
    const net = buildInterpretableNet({ backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, classes: 2, variant: 'paper', ...TINY });
    const x = randomInput(net, 1);
    tf.dispose(net.forward(x) as unknown as tf.TensorContainer);
    x.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => net.forward(x)).toThrow(/disposed/);
  });

  describe('the controls: masks without filter losses, masks fixed at the centre', () => {
    const options = { backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 64 }, classes: 1, variant: 'authors', ...TINY } as const;

    it("filterLosses: false keeps the masks (and β) and drops the losses; no labels needed in training", async () => {
      const net = buildInterpretableNet({ ...options, filterLosses: false });
      const x = randomInput(net, 2);
      const out = await expectNoLeaks(() => net.forward(x, { training: true }), (r) => [r.logits, r.newConvRaw, r.topFeatures, r.filterLoss, ...Object.values(r.maskInputs)].filter((t, i, all) => all.indexOf(t) === i));
      expect(Object.keys(out.filterLosses)).toEqual([]);
      expect(await out.filterLoss.data()).toEqual(new Float32Array([0]));
      expect(Object.keys(out.maskInputs).sort()).toEqual(['newConv', 'top']);
      expect(Object.keys(net.betaVariables()).sort()).toEqual(['newConv', 'top']);
      tf.dispose([x, out as unknown as tf.TensorContainer]);
      net.dispose();
    });

    it("maskPlacement: 'centre' gives a different new-layer input than 'peak' for the same weights", async () => {
      const peak = buildInterpretableNet({ ...options });
      const centre = buildInterpretableNet({ ...options, maskPlacement: 'centre' });
      peak.trainableVariables().forEach((v, i) => centre.trainableVariables()[i].assign(v));
      const x = randomInput(peak, 2, 4);
      const a = peak.forward(x);
      const b = centre.forward(x);
      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a.newConvRaw, b.newConvRaw))).dataSync()[0]);
      expect(difference).toBeGreaterThan(1e-4);
      tf.dispose([x, a as unknown as tf.TensorContainer, b as unknown as tf.TensorContainer]);
      peak.dispose();
      centre.dispose();
    });

    it('refuses the control options on the ordinary net, naming them', () => {
      expect(() => buildInterpretableNet({ ...options, interpretable: false, filterLosses: false })).toThrow(/'filterLosses' and 'maskPlacement' apply to the interpretable net only/);
      expect(() => buildInterpretableNet({ ...options, maskPlacement: 'corner' as never })).toThrow(/'maskPlacement' must be one of 'peak', 'centre'/);
    });
  });

  it("newLayerStd: σ = 0.01 by default (SPEC §4), √(2/fan-in) with 'he'", () => {
    const options = { backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, classes: 2, hidden: 256, dropout: 0 } as const;
    const std = (net: InterpretableNet, name: string) => {
      const values = Array.from(net.variables[name].dataSync());
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    };
    const paper = buildInterpretableNet(options);
    const he = buildInterpretableNet({ ...options, newLayerStd: 'he' });
    expect(std(paper, 'fc7/kernel')).toBeCloseTo(0.01, 3);
    expect(std(he, 'fc7/kernel') / Math.sqrt(2 / 256)).toBeCloseTo(1, 1);
    expect(() => buildInterpretableNet({ ...options, newLayerStd: -1 })).toThrow(/'newLayerStd' must be a positive number or 'he'/);
    paper.dispose();
    he.dispose();
  });

  describe('the ordinary baseline', () => {
    let backbone: ReturnType<typeof createBackbone>;
    beforeAll(() => {
      backbone = createBackbone('vgg16', { width: 1 / 16, inputSize: 32 });
    });
    afterAll(() => backbone.dispose());

    it('has the same parameters as the interpretable net and no masks or filter losses', () => {
      const interpretable = buildInterpretableNet({ backbone, classes: 2, variant: 'authors', ...TINY });
      const ordinary = buildInterpretableNet({ backbone, classes: 2, variant: 'authors', interpretable: false, ...TINY });
      const shapes = (net: InterpretableNet) => net.trainableVariables().map((v) => v.shape);
      expect(shapes(ordinary)).toEqual(shapes(interpretable));
      expect(ordinary.countParams()).toBe(interpretable.countParams());
      expect(Object.keys(ordinary.betaVariables())).toEqual([]);
      expect(Object.keys(interpretable.betaVariables()).sort()).toEqual(['newConv', 'top']);
      // Same weights: copy the interpretable net's new layers into the ordinary one; without masks their outputs
      // then differ only where the masks acted.
      const pairs = ordinary.trainableVariables().map((v, i) => [v, interpretable.trainableVariables()[i]] as const);
      for (const [a, b] of pairs) if (a !== b) a.assign(b);
      const x = randomInput(ordinary, 2);
      const o = ordinary.forward(x);
      const i = interpretable.forward(x);
      expect(o.filterLoss.dataSync()[0]).toBe(0);
      expect(o.filterLosses).toEqual({});
      expect(o.maskInputs).toEqual({});
      expect(tf.max(tf.abs(tf.sub(o.topFeatures, i.topFeatures))).dataSync()[0]).toBe(0);
      expect(tf.max(tf.abs(tf.sub(o.newConvRaw, i.newConvRaw))).dataSync()[0]).toBeGreaterThan(0);
      tf.dispose([x, o as unknown as tf.TensorContainer, i as unknown as tf.TensorContainer]);
      ordinary.dispose();
      interpretable.dispose();
      // The caller owns a backbone it passed in.
      expect(backbone.trainableVariables()[0].isDisposed).toBe(false);
    });
  });

  it('lowers the total loss in a few SGD steps on random data', async () => {
    const net = buildInterpretableNet({
      backbone: 'vgg16',
      backboneOptions: { width: 1 / 16, inputSize: 32, seed: 3 },
      classes: 1,
      variant: 'paper',
      gradient: 'exact',
      filterLossReduction: 'mean',
      ...TINY,
    });
    const x = randomInput(net, 4, 7);
    const labels = singleLabels([1, 1, 1, -1]);
    const optimizer = tf.train.sgd(0.1);
    const total = () => {
      const out = net.forward(x, { training: true, labels });
      return tf.add(net.classificationLoss(out.logits, labels), out.filterLoss) as tf.Scalar;
    };
    const first = tf.tidy(total).dataSync()[0];
    await expectNoLeaks(() => {
      for (let step = 0; step < 5; step++) optimizer.minimize(total, true, net.trainableVariables())?.dispose();
    });
    const last = tf.tidy(total).dataSync()[0];
    expect(last).toBeLessThan(first);
    tf.dispose([x, labels]);
    optimizer.dispose();
    net.dispose();
  });

  for (const variant of ['paper', 'authors'] as const) {
    it(`${variant}: gradients reach every trainable variable (ResNet after layer3), β learns by its own rule`, async () => {
      const net = buildInterpretableNet({
        backbone: 'resnet18',
        backboneOptions: { width: 1 / 16, inputSize: 64 },
        tap: 'layer3',
        classes: 2,
        variant,
        ...TINY,
      });
      expect(Object.keys(net.variables).some((name) => name.includes('layer4'))).toBe(false);
      const x = randomInput(net, 2, 5);
      const labels = tf.tensor2d([[1, -1], [-1, 1]]);
      // The first forward pass creates the paper gradient's running log Z_T (net state, not a leak).
      tf.dispose(net.forward(x, { training: true, labels }) as unknown as tf.TensorContainer);
      const summary = await expectNoLeaks(() =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const out = net.forward(x, { training: true, labels });
            return tf.add(net.classificationLoss(out.logits, labels), out.filterLoss) as tf.Scalar;
          }, net.trainableVariables());
          return net.trainableVariables().map((v) => ({ name: v.name, max: grads[v.name] ? tf.max(tf.abs(grads[v.name])).dataSync()[0] : 0 }));
        }),
      );
      const dead = summary.filter((s) => !(s.max > 0 && Number.isFinite(s.max))).map((s) => s.name);
      expect(dead).toEqual([]);
      if (variant === 'authors') {
        const out = net.forward(x, { training: true, labels });
        const betaGrads = net.betaGradients(out, { labels });
        expect(Object.keys(betaGrads).sort()).toEqual(['newConv', 'top']);
        expect(betaGrads.top!.shape).toEqual([net.tap.channels]);
        tf.dispose([out as unknown as tf.TensorContainer, betaGrads as unknown as tf.TensorContainer]);
      }
      tf.dispose([x, labels]);
      net.dispose();
    });
  }

  it('names the bad input', () => {
    const net = buildInterpretableNet({ backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, classes: 2, ...TINY });
    const wrong = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;
    const x = randomInput(net, 1);
    expect(() => net.forward(wrong)).toThrow(/'x' must be a Tensor4D \[B, 32, 32, 3\]/);
    expect(() => net.forward(x, { training: true })).toThrow(/'labels' are required/);
    tf.dispose([wrong, x]);
    net.dispose();
    expect(() => buildInterpretableNet({ backbone: 'vgg16', backboneOptions: { width: 1 / 16, inputSize: 32 }, classes: 2, tap: 'nope' })).toThrow(/'tap' 'nope'/);
    expect(() => buildInterpretableNet({ backbone: 'vgg16', classes: 0 })).toThrow(/'classes'/);
    expect(() => buildInterpretableNet({ backbone: 'vgg16', classes: 2, lossPoints: 'pool' as never })).toThrow(/'lossPoints'/);
  });
});
