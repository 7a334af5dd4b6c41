// Published numbers (torchvision's ResNets without the 1000-way fc) and receptive fields computed by hand
// (independently of the geometry helper): r' = r + (k−1)·j, j' = j·s; every conv/pool here pads (k−1)/2, so
// the centre of cell 0 stays at 0.
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, type Backbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResnetOptions } from './options';
import { register } from './register';

register();

const stages = (b: Backbone) => b.featureInfo.map((f) => [f.name, f.channels, f.stride, f.receptiveField.size, f.receptiveField.centre, f.spatialSize[0]]);

describeBackends('resnet architectures', () => {
  const made: Record<string, Backbone> = {};
  beforeAll(() => {
    for (const name of ['resnet18', 'resnet34', 'resnet50']) made[name] = createBackbone(name);
  });
  afterAll(() => Object.values(made).forEach((b) => b.dispose()));

  it('parameter counts equal the published ones without fc (BN scale and offset count, running statistics do not)', () => {
    // ResNet-18 11,689,512 − fc (512·1000+1000 = 513,000) = 11,176,512
    expect(made.resnet18.countParams()).toBe(11_689_512 - 513_000);
    // ResNet-34 21,797,672 − 513,000 = 21,284,672
    expect(made.resnet34.countParams()).toBe(21_797_672 - 513_000);
    // ResNet-50 25,557,032 − fc (2048·1000+1000 = 2,049,000) = 23,508,032
    expect(made.resnet50.countParams()).toBe(25_557_032 - 2_049_000);
  });

  it('resnet18 stages: strides 4-32, receptive fields 43, 99, 211, 435', () => {
    // stem: conv 7/2 → 7 (j 2); pool 3/2 → 11 (j 4). layer1: 4 convs 3×3 at j 4 → 11+4·8 = 43.
    // layer2: 3×3/2 at j 4 → 51 (j 8), 3 more → 51+3·16 = 99. layer3: 99+8 = 115 (j 16), +3·32 → 211.
    // layer4: 211+32 = 243 (j 32), +3·64 → 435.
    expect(stages(made.resnet18)).toEqual([
      ['layer1', 64, 4, 43, 0, 56],
      ['layer2', 128, 8, 99, 0, 28],
      ['layer3', 256, 16, 211, 0, 14],
      ['layer4', 512, 32, 435, 0, 7],
    ]);
  });

  it('resnet34 layer4: receptive field 899', () => {
    // 11 + 6·8 (layer1) = 59; +8+7·16 = 179 (layer2); +16+11·32 = 547 (layer3); +32+5·64 = 899 (layer4)
    expect(stages(made.resnet34).map((s) => s[3])).toEqual([59, 179, 547, 899]);
  });

  it('resnet50 stages (bottlenecks, stride on the 3×3): channels 256-2048, receptive fields 35, 91, 267, 427', () => {
    // one 3×3 per block: layer1 11+3·8 = 35; layer2 35+8 = 43 (j 8), +3·16 = 91; layer3 91+16 = 107 (j 16),
    // +5·32 = 267; layer4 267+32 = 299 (j 32), +2·64 = 427
    expect(stages(made.resnet50)).toEqual([
      ['layer1', 256, 4, 35, 0, 56],
      ['layer2', 512, 8, 91, 0, 28],
      ['layer3', 1024, 16, 267, 0, 14],
      ['layer4', 2048, 32, 427, 0, 7],
    ]);
  });

  it("resnet50 with strideOn '1x1' (Keras layout): same parameters, receptive fields 35, 99, 291, 483", () => {
    // the stride-2 1×1 conv adds nothing to the field but doubles the jump before the block's 3×3:
    // layer2 35+2·8 = 51, +3·16 = 99; layer3 99+2·16 = 131, +5·32 = 291; layer4 291+2·32 = 355, +2·64 = 483
    const keras = createBackbone('resnet50', { strideOn: '1x1' });
    try {
      expect(keras.countParams()).toBe(23_508_032);
      expect(stages(keras)).toEqual([
        ['layer1', 256, 4, 35, 0, 56],
        ['layer2', 512, 8, 99, 0, 28],
        ['layer3', 1024, 16, 291, 0, 14],
        ['layer4', 2048, 32, 483, 0, 7],
      ]);
      const conv = (name: string) => JSON.stringify(keras.layers).includes(`"name":"${name}","filters":128,"kernel":1,"stride":2`);
      expect(conv('layer2.0.conv1')).toBe(true);
    } finally {
      keras.dispose();
    }
  });

  it("refuses a bad 'strideOn', and '1x1' on basic blocks, naming the option", () => {
    expect(() => createBackbone('resnet50', { strideOn: '2x2' } as unknown as ResnetOptions)).toThrow(/createBackbone\('resnet50'\): 'strideOn' must be '3x3' or '1x1', got "2x2"/);
    expect(() => createBackbone('resnet18', { strideOn: '1x1' })).toThrow(/'strideOn' '1x1' needs bottleneck blocks/);
  });

  it('training mode uses batch statistics and updates the running ones; inference uses the running ones', () => {
    const small = createBackbone('resnet18', { width: 1 / 8, inputSize: 64 });
    try {
      const x = tf.randomNormal([2, 64, 64, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const mean = small.variables['bn1/movingMean'];
      const before = mean.dataSync().slice();
      const inference = small.forwardFeatures(x, { taps: ['layer1'] });
      expect(mean.dataSync()).toEqual(before);
      const numTensors = tf.memory().numTensors;
      const training = small.forwardFeatures(x, { taps: ['layer1'], training: true });
      expect(tf.memory().numTensors - numTensors, 'training forward keeps only its output').toBe(1);
      const after = mean.dataSync();
      expect(Array.from(after).some((v, i) => v !== before[i])).toBe(true);
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(inference.layer1, training.layer1))).dataSync()[0])).toBeGreaterThan(0);
      tf.dispose([x, inference.layer1, training.layer1]);
    } finally {
      small.dispose();
    }
  });
}, ['wasm']);
