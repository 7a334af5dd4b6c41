// Published numbers: Keras's MobileNet (alpha 1, 224, include_top) has 4,253,864 parameters; without its classifier
// (a 1×1 conv 1024 → 1000 with bias, 1,025,000) and the batch norms' running statistics (21,888, not trainable)
// that leaves 3,206,976. The paper's Table 6 gives 4.2, 2.6, 1.3, 0.5 million (with the classifier) at α = 1,
// 0.75, 0.5, 0.25. Receptive fields by hand (independently of the geometry helper): r' = r + (k−1)·j, j' = j·s,
// c' = c + ((k−1)/2 − before)·j, with stride-2 layers padded [0, 1] and the others 1.
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, type Backbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MobilenetOptions } from './options';
import { register } from './register';

register();

const classifier = (width: number) => Math.round(1024 * width) * 1000 + 1000;

describeBackends('mobilenet-v1 architecture', () => {
  let full: Backbone;
  beforeAll(() => {
    full = createBackbone('mobilenet-v1');
  });
  afterAll(() => full.dispose());

  it("has Keras's parameter count without the classifier and running statistics", () => {
    expect(full.countParams()).toBe(4_253_864 - 1_025_000 - 21_888);
    const statistics = Object.entries(full.variables).filter(([name]) => /moving(Mean|Variance)$/.test(name));
    expect(statistics.reduce((n, [, v]) => n + v.size, 0)).toBe(21_888);
  });

  it("matches the paper's Table 6 at width multipliers 1, 0.75, 0.5 and 0.25 (with the classifier, in millions)", () => {
    const published: [number, number][] = [[1, 4.2], [0.75, 2.6], [0.5, 1.3], [0.25, 0.5]];
    for (const [width, millions] of published) {
      const backbone = width === 1 ? full : createBackbone('mobilenet-v1', { width });
      const total = backbone.countParams() + classifier(width);
      if (backbone !== full) backbone.dispose();
      expect(Math.round(total / 1e5) / 10, `α = ${width}`).toBe(millions);
    }
  });

  it('taps conv_pw_1, 3, 5, 11, 13: strides 2-32, receptive fields 7, 19, 43, 219, 315', () => {
    // conv1 3/2 [0,1]: r 3, j 2, c 1. Block 1 (dw 3/1): r 7 → conv_pw_1. Block 2 (3/2 [0,1] at j 2): r 11, c 1 + 2 = 3,
    // j 4; block 3: r 19 → conv_pw_3. Block 4 at j 4: r 27, c 7, j 8; block 5: r 43 → conv_pw_5. Block 6 at j 8:
    // r 59, c 15, j 16; blocks 7-11: r 59 + 5·32 = 219 → conv_pw_11. Block 12 at j 16: r 251, c 31, j 32; block 13:
    // r 315 → conv_pw_13.
    expect(full.featureInfo.map((f) => [f.name, f.channels, f.stride, f.receptiveField.size, f.receptiveField.centre, f.spatialSize[0]])).toEqual([
      ['conv_pw_1', 64, 2, 7, 1, 112],
      ['conv_pw_3', 128, 4, 19, 3, 56],
      ['conv_pw_5', 256, 8, 43, 7, 28],
      ['conv_pw_11', 512, 16, 219, 15, 14],
      ['conv_pw_13', 1024, 32, 315, 31, 7],
    ]);
    expect(full.variables['conv_dw_2/kernel'].shape).toEqual([3, 3, 64, 1]);
    expect(full.variables['conv_dw_2/bias']).toBeUndefined();
  });

  it('width 1/4 scales every pointwise conv and keeps the depthwise convs depthwise', () => {
    const quarter = createBackbone('mobilenet-v1', { width: 1 / 4, inputSize: 96 });
    try {
      expect(quarter.variables['conv1/kernel'].shape).toEqual([3, 3, 3, 8]);
      expect(quarter.variables['conv_dw_13/kernel'].shape).toEqual([3, 3, 256, 1]);
      expect(quarter.variables['conv_pw_13/kernel'].shape).toEqual([1, 1, 256, 256]);
      expect(quarter.featureInfo.at(-1)).toMatchObject({ channels: 256, stride: 32, spatialSize: [3, 3] });
    } finally {
      quarter.dispose();
    }
  });

  it("depthMultiplier 2 doubles the depthwise outputs and the pointwise inputs; a bad one is named", () => {
    const options: MobilenetOptions = { depthMultiplier: 2, width: 1 / 4, inputSize: 64 };
    const doubled = createBackbone('mobilenet-v1', options);
    try {
      expect(doubled.variables['conv_dw_1/kernel'].shape).toEqual([3, 3, 8, 2]);
      expect(doubled.variables['conv_dw_1_bn/gamma'].shape).toEqual([16]);
      expect(doubled.variables['conv_pw_1/kernel'].shape).toEqual([1, 1, 16, 16]);
      const x = tf.zeros([1, 64, 64, 3]) as tf.Tensor4D;
      const { conv_pw_13 } = doubled.forwardFeatures(x, { taps: ['conv_pw_13'] });
      expect(conv_pw_13.shape).toEqual([1, 2, 2, 256]);
      tf.dispose([x, conv_pw_13]);
    } finally {
      doubled.dispose();
    }
    const bad: MobilenetOptions = { depthMultiplier: 1.5 };
    expect(() => createBackbone('mobilenet-v1', bad)).toThrow(/createBackbone\('mobilenet-v1'\): 'depthMultiplier' must be an integer ≥ 1, got 1\.5/);
  });
}, ['wasm']);
