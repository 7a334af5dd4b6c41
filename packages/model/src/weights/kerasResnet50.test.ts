// Keras ResNet50 (tensorflowjs_converter output) into resnet50 with strideOn '1x1': names, conv biases folded into
// the batch norms' moving means, and a forward pass checked against one computed here the way Keras computes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, type Backbone } from '@icnn/backbone';
import { register as registerResnet, type ResnetOptions } from '@icnn/backbone-resnet';
import { registerWebgpuStandIn, WEBGPU_STAND_IN } from '@icnn/runtime';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemHandler } from '../node';
import { importKerasWeights } from './importKerasWeights';

registerResnet();

const SMALL = { width: 1 / 16, inputSize: 64 };
const KERAS_LAYOUT: ResnetOptions = { ...SMALL, strideOn: '1x1' };
const BN: Record<string, string> = { gamma: 'gamma', beta: 'beta', movingMean: 'moving_mean', movingVariance: 'moving_variance' };

/** Our variable name → the Keras weight name (written independently of the import's map). */
function kerasName(ours: string): string {
  const [layer, weight] = ours.split('/');
  if (layer === 'conv1') return `conv1_conv/${weight}`;
  if (layer === 'bn1') return `conv1_bn/${BN[weight]}`;
  const [, s, b, rest] = /^layer(\d)\.(\d+)\.(.+)$/.exec(layer)!;
  const prefix = `conv${Number(s) + 1}_block${Number(b) + 1}`;
  const [, kind, i] = /^(conv|bn|downsample\.)(\d)$/.exec(rest)!;
  if (kind === 'downsample.') return i === '0' ? `${prefix}_0_conv/${weight}` : `${prefix}_0_bn/${BN[weight]}`;
  return kind === 'conv' ? `${prefix}_${i}_conv/${weight}` : `${prefix}_${i}_bn/${BN[weight]}`;
}

/** Writes model.json + one shard as tensorflowjs_converter does for keras.applications.ResNet50; returns the values. */
function writeKerasResnet50(dir: string, backbone: Backbone): Map<string, Float32Array> {
  const written = new Map<string, { shape: number[]; data: Float32Array }>();
  let seed = 1;
  const add = (name: string, shape: number[], positive = false) => {
    const data = new Float32Array(shape.reduce((n, d) => n * d, 1)).map(() => {
      const v = Math.sin(seed++ * 12.9898);
      return positive ? 0.5 + Math.abs(v) : v * 0.3;
    });
    written.set(name, { shape, data });
  };
  for (const [ours, variable] of Object.entries(backbone.variables)) {
    add(kerasName(ours), variable.shape, ours.endsWith('/movingVariance'));
    if (ours.endsWith('/kernel')) add(kerasName(ours.replace('/kernel', '/bias')), [variable.shape[3]!]);
  }
  const bytes = new Uint8Array([...written.values()].reduce((n, w) => n + w.data.byteLength, 0));
  let offset = 0;
  for (const { data } of written.values()) {
    bytes.set(new Uint8Array(data.buffer), offset);
    offset += data.byteLength;
  }
  writeFileSync(join(dir, 'group1-shard1of1.bin'), bytes);
  const weights = [...written].map(([name, { shape }]) => ({ name, shape, dtype: 'float32' }));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: 'Functional', config: { name: 'resnet50', layers: [] } } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  return new Map([...written].map(([name, w]) => [name, w.data]));
}

/** keras.applications.ResNet50's stem and stages conv2, conv3 (stack1 of keras/applications/resnet.py), from Keras weights. */
function kerasForward(x: tf.Tensor4D, w: Map<string, Float32Array>, shapes: Map<string, number[]>): { conv2: tf.Tensor4D; conv3: tf.Tensor4D } {
  const t = (name: string) => tf.tensor(w.get(name)!, shapes.get(name)!);
  const convBn = (y: tf.Tensor4D, name: string, stride: number, padding: 'same' | 'valid', relu: boolean) => {
    const conv = tf.add(tf.conv2d(y, t(`${name}_conv/kernel`) as tf.Tensor4D, stride, padding), t(`${name}_conv/bias`)) as tf.Tensor4D;
    const bn = tf.batchNorm(conv, t(`${name}_bn/moving_mean`) as tf.Tensor1D, t(`${name}_bn/moving_variance`) as tf.Tensor1D, t(`${name}_bn/beta`) as tf.Tensor1D, t(`${name}_bn/gamma`) as tf.Tensor1D, 1.001e-5);
    return relu ? tf.relu(bn) : bn;
  };
  const block = (y: tf.Tensor4D, name: string, stride: number, convShortcut: boolean) => {
    const shortcut = convShortcut ? convBn(y, `${name}_0`, stride, 'valid', false) : y;
    let main = convBn(y, `${name}_1`, stride, 'valid', true);
    main = convBn(main, `${name}_2`, 1, 'same', true);
    main = convBn(main, `${name}_3`, 1, 'valid', false);
    return tf.relu(tf.add(shortcut, main)) as tf.Tensor4D;
  };
  const stack = (y: tf.Tensor4D, stage: number, blocks: number, stride: number) => {
    let out = block(y, `conv${stage}_block1`, stride, true);
    for (let b = 2; b <= blocks; b++) out = block(out, `conv${stage}_block${b}`, 1, false);
    return out;
  };
  let y = convBn(tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]]), 'conv1', 2, 'valid', true);
  y = tf.maxPool(tf.pad(y, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, 'valid');
  const conv2 = stack(y, 2, 3, 1);
  return { conv2, conv3: stack(conv2, 3, 4, 2) };
}

describeBackends('Keras ResNet50 import', () => {
  let dir: string;
  let backbone: Backbone;
  let written: Map<string, Float32Array>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icnn-keras-resnet50-'));
    backbone = createBackbone('resnet50', KERAS_LAYOUT);
    written = writeKerasResnet50(dir, backbone);
  });
  afterAll(() => {
    backbone.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lands every weight in its variable and folds each conv bias into the next moving mean', async () => {
    const before = tf.memory().numTensors;
    const { assigned } = await importKerasWeights(backbone, fileSystemHandler(dir));
    expect(tf.memory().numTensors).toBe(before);
    expect(assigned.sort()).toEqual(Object.keys(backbone.variables).sort());
    const values = (name: string) => Array.from(backbone.variables[name].dataSync());
    expect(values('conv1/kernel')).toEqual(Array.from(written.get('conv1_conv/kernel')!));
    expect(values('layer2.0.conv1/kernel')).toEqual(Array.from(written.get('conv3_block1_1_conv/kernel')!));
    expect(values('layer3.2.bn3/gamma')).toEqual(Array.from(written.get('conv4_block3_3_bn/gamma')!));
    expect(values('layer4.0.downsample.1/movingVariance')).toEqual(Array.from(written.get('conv5_block1_0_bn/moving_variance')!));
    for (const [ours, keras] of [['bn1', 'conv1'], ['layer2.0.bn2', 'conv3_block1_2'], ['layer4.0.downsample.1', 'conv5_block1_0']]) {
      const mean = written.get(`${keras}_bn/moving_mean`)!;
      const bias = written.get(`${keras}_conv/bias`)!;
      const folded = values(`${ours}/movingMean`);
      mean.forEach((m, i) => expect(folded[i], `${ours}/movingMean[${i}]`).toBeCloseTo(m - bias[i], 6));
    }
  });

  it('computes what Keras computes through stages conv2 and conv3 (layer1, layer2)', () => {
    const shapes = new Map<string, number[]>();
    for (const [ours, variable] of Object.entries(backbone.variables)) {
      shapes.set(kerasName(ours), variable.shape);
      if (ours.endsWith('/kernel')) shapes.set(kerasName(ours.replace('/kernel', '/bias')), [variable.shape[3]!]);
    }
    const errors = tf.tidy(() => {
      const x = tf.randomNormal([1, 64, 64, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      const ours = backbone.forwardFeatures(x, { taps: ['layer1', 'layer2'] });
      const keras = kerasForward(x, written, shapes);
      const relative = (a: tf.Tensor, b: tf.Tensor) => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))).dataSync()[0];
      return [relative(ours.layer1, keras.conv2), relative(ours.layer2, keras.conv3), tf.max(keras.conv3).dataSync()[0]];
    });
    expect(errors[2], 'the Keras reference is not all zeros').toBeGreaterThan(0);
    expect(errors[0]).toBeLessThan(1e-4);
    expect(errors[1]).toBeLessThan(1e-4);
  });

  it("refuses Keras ResNet50 weights for a strideOn '3x3' backbone, before reading them", () => {
    const torchvision = createBackbone('resnet50', SMALL);
    try {
      expect(() => importKerasWeights(torchvision, fileSystemHandler(dir))).toThrow(
        /importKerasWeights: Keras ResNet50 puts a downsampling block's stride on its first 1×1 conv, but backbone 'resnet50' has it on the 3×3 .*strideOn: '1x1'/,
      );
    } finally {
      torchvision.dispose();
    }
  });
}, ['cpu']);

describe('Keras ResNet50 import on a backend that cannot read synchronously', () => {
  it('folds the conv biases without reading them back (a WebGPU stand-in refuses dataSync)', async () => {
    const previous = tf.getBackend();
    registerWebgpuStandIn();
    await tf.setBackend(WEBGPU_STAND_IN);
    const dir = mkdtempSync(join(tmpdir(), 'icnn-keras-resnet50-gpu-'));
    const backbone = createBackbone('resnet50', KERAS_LAYOUT);
    try {
      const written = writeKerasResnet50(dir, backbone);
      const before = tf.memory().numTensors;
      await importKerasWeights(backbone, fileSystemHandler(dir));
      expect(tf.memory().numTensors).toBe(before);
      const mean = written.get('conv1_bn/moving_mean')!;
      const bias = written.get('conv1_conv/bias')!;
      const folded = await backbone.variables['bn1/movingMean'].data();
      mean.forEach((m, i) => expect(folded[i], `bn1/movingMean[${i}]`).toBeCloseTo(m - bias[i], 6));
    } finally {
      backbone.dispose();
      rmSync(dir, { recursive: true, force: true });
      await tf.setBackend(previous);
    }
  });
});
