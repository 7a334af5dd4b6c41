import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, type Backbone } from '@icnn/backbone';
import { register as registerVgg } from '@icnn/backbone-vgg';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInterpretableNet } from '../buildInterpretableNet';
import { fileSystemHandler } from '../node';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { importKerasWeights } from './importKerasWeights';

registerVgg();

const SMALL = { width: 1 / 16, inputSize: 32 };
const values = (v: tf.Tensor) => Array.from(v.dataSync());

/**
 * Writes what tensorflowjs_converter makes of keras.applications.VGG16 (here at the small width): model.json with a
 * Keras modelTopology and a weightsManifest [{ paths, weights: [{ name, shape, dtype }] }], the bytes split over
 * two shards. Returns the Keras name → values written.
 */
function writeKerasVgg16(dir: string, backbone: Backbone, extra: { name: string; shape: number[] }[] = []): Map<string, Float32Array> {
  const weights: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const written = new Map<string, Float32Array>();
  let seed = 1;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((n, d) => n * d, 1);
    const data = new Float32Array(size).map(() => Math.sin(seed++ * 12.9898) * 0.1);
    weights.push({ name, shape, dtype: 'float32' });
    written.set(name, data);
  };
  for (const layer of backbone.layers) {
    if (layer.kind !== 'conv') continue;
    const [, b, i] = /^conv(\d)_(\d)$/.exec(layer.name)!;
    const kernel = backbone.variables[`${layer.name}/kernel`];
    add(`block${b}_conv${i}/kernel`, kernel.shape);
    add(`block${b}_conv${i}/bias`, [kernel.shape[3]!]);
  }
  for (const { name, shape } of extra) add(name, shape);
  const bytes = new Uint8Array([...written.values()].reduce((n, a) => n + a.byteLength, 0));
  let offset = 0;
  for (const data of written.values()) {
    bytes.set(new Uint8Array(data.buffer), offset);
    offset += data.byteLength;
  }
  const half = Math.floor(bytes.byteLength / 2);
  writeFileSync(join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, half));
  writeFileSync(join(dir, 'group1-shard2of2.bin'), bytes.subarray(half));
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: { class_name: 'Functional', config: { name: 'vgg16', layers: [{ class_name: 'InputLayer', name: 'input_1', config: {} }] } },
    },
    weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  return written;
}

function editManifest(dir: string, edit: (weights: { name: string; shape: number[] }[]) => void): void {
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json.weightsManifest[0].weights);
  writeFileSync(path, JSON.stringify(json));
}

describeBackends('weights', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'icnn-model-weights-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const folder = (name: string) => join(dir, `${tf.getBackend()}-${name}`);

  describe('checkpoints', () => {
    it('round-trips a net through the file system, atomically', async () => {
      const options = { backbone: 'vgg16', backboneOptions: SMALL, classes: 2, variant: 'authors', hidden: 8 } as const;
      const a = buildInterpretableNet({ ...options, seed: 1 });
      const b = buildInterpretableNet({ ...options, seed: 2, backboneOptions: { ...SMALL, seed: 9 } });
      const target = folder('net');
      await saveCheckpoint(a, fileSystemHandler(target), { metadata: { backbone: 'vgg16' } });
      expect(readdirSync(target).sort()).toEqual(['model.json', 'weights.bin']);
      expect(values(b.variables['fc6/kernel'])).not.toEqual(values(a.variables['fc6/kernel']));
      const before = tf.memory().numTensors;
      const { assigned, modelTopology } = await loadCheckpoint(b, fileSystemHandler(target));
      expect(tf.memory().numTensors).toBe(before);
      expect(assigned.sort()).toEqual(Object.keys(a.variables).sort());
      expect(modelTopology).toMatchObject({ format: 'icnn-checkpoint', backbone: 'vgg16' });
      for (const name of Object.keys(a.variables)) expect(values(b.variables[name]), name).toEqual(values(a.variables[name]));
      a.dispose();
      b.dispose();
    });

    it('refuses a checkpoint of another shape before allocating, naming the weight and the file', async () => {
      const small = buildInterpretableNet({ backbone: 'vgg16', backboneOptions: SMALL, classes: 2, hidden: 8 });
      const wider = buildInterpretableNet({ backbone: 'vgg16', backboneOptions: SMALL, classes: 3, hidden: 8 });
      const target = folder('mismatch');
      await saveCheckpoint(small, fileSystemHandler(target));
      const kept = values(wider.variables['fc8/kernel']);
      const before = tf.memory().numTensors;
      await expect(loadCheckpoint(wider, fileSystemHandler(target))).rejects.toThrow(/model\.json: weight 'fc8\/kernel' has shape \[1,1,8,2\] but 'fc8\/kernel' needs \[1,1,8,3\]/);
      expect(tf.memory().numTensors).toBe(before);
      expect(values(wider.variables['fc8/kernel'])).toEqual(kept);
      truncateSync(join(target, 'weights.bin'), 12);
      await expect(loadCheckpoint(small, fileSystemHandler(target))).rejects.toThrow(/describes \d+ bytes but its shards hold 12 \(weights\.bin: 12\)/);
      small.dispose();
      wider.dispose();
    });

    it('refuses flipped bytes by their digest and non-finite weights, naming the file and the weight, leaving the model as it was', async () => {
      const options = { backbone: 'vgg16', backboneOptions: SMALL, classes: 2, hidden: 8 } as const;
      const saved = buildInterpretableNet({ ...options, seed: 1 });
      const into = buildInterpretableNet({ ...options, seed: 2, backboneOptions: { ...SMALL, seed: 9 } });
      const current = () => Object.fromEntries(Object.keys(into.variables).map((name) => [name, values(into.variables[name])]));
      const target = folder('damaged');
      const model = join(target, 'model.json');
      const bin = join(target, 'weights.bin');
      await saveCheckpoint(saved, fileSystemHandler(target));
      const json = JSON.parse(readFileSync(model, 'utf8'));
      const specs = json.weightsManifest[0].weights as { name: string }[];
      expect(Object.keys(json.modelTopology.weightDigests.digests)).toEqual(specs.map((w) => w.name));
      await expect(loadCheckpoint(into, fileSystemHandler(target))).resolves.toMatchObject({ verified: true });
      for (const name of ['fc8/kernel', 'backbone/conv1_1/kernel']) tf.tidy(() => into.variables[name].assign(tf.zerosLike(into.variables[name])));
      const kept = current();
      const tensors = tf.memory().numTensors;
      // One flipped bit in the last byte: the last weight of the manifest no longer matches its digest.
      const bytes = readFileSync(bin);
      bytes[bytes.length - 1] ^= 0x10;
      writeFileSync(bin, bytes);
      const last = specs[specs.length - 1].name.replace(/\//g, '\\/');
      await expect(loadCheckpoint(into, fileSystemHandler(target))).rejects.toThrow(new RegExp(`${target}/model\\.json: weight '${last}' does not match its SHA-256 digest`));
      expect(current()).toEqual(kept);
      // NaN saved with consistent digests (a diverged training): refused for what it holds.
      const kernel = saved.variables['backbone/conv1_1/kernel'];
      const poisoned = tf.tensor(values(kernel).map((v, i) => (i === 5 ? NaN : v)), kernel.shape);
      kernel.assign(poisoned);
      poisoned.dispose();
      await saveCheckpoint(saved, fileSystemHandler(target));
      await expect(loadCheckpoint(into, fileSystemHandler(target))).rejects.toThrow(new RegExp(`${target}/model\\.json: weight 'backbone/conv1_1/kernel' holds NaN at element 5 of 108`));
      expect(current()).toEqual(kept);
      expect(tf.memory().numTensors).toBe(tensors);
      saved.dispose();
      into.dispose();
    });

    it('reads a checkpoint written before digests, unverified (verified: false)', async () => {
      const backbone = createBackbone('vgg16', SMALL);
      const target = folder('no-digests');
      await saveCheckpoint(backbone, fileSystemHandler(target), { metadata: { note: 'old' } });
      const model = join(target, 'model.json');
      const json = JSON.parse(readFileSync(model, 'utf8'));
      delete json.modelTopology.weightDigests;
      writeFileSync(model, JSON.stringify(json));
      await expect(loadCheckpoint(backbone, fileSystemHandler(target))).resolves.toMatchObject({ verified: false, modelTopology: { note: 'old' } });
      json.modelTopology.weightDigests = { algorithm: 'MD5', digests: {} };
      writeFileSync(model, JSON.stringify(json));
      await expect(loadCheckpoint(backbone, fileSystemHandler(target))).rejects.toThrow(/model\.json: 'weightDigests' is not a SHA-256 digest list/);
      writeFileSync(model, JSON.stringify(json).slice(0, 50));
      await expect(loadCheckpoint(backbone, fileSystemHandler(target))).rejects.toThrow(new RegExp(`cannot read ${target}/model\\.json: .*JSON`));
      writeFileSync(model, 'null');
      await expect(loadCheckpoint(backbone, fileSystemHandler(target))).rejects.toThrow(/model\.json: not a model\.json \(holds null\)/);
      backbone.dispose();
    });

    it('checks in-memory artifacts too (any tf.io handler)', async () => {
      const backbone = createBackbone('vgg16', SMALL);
      const named = Object.entries(backbone.variables).map(([name, tensor]) => ({ name, tensor }));
      const { data, specs } = await tf.io.encodeWeights(named);
      await expect(loadCheckpoint(backbone, tf.io.fromMemory({ weightSpecs: specs, weightData: data.slice(0, 100) }))).rejects.toThrow(/describes \d+ bytes of weights but the data holds 100/);
      const renamed = specs.map((s, i) => (i === 0 ? { ...s, name: 'conv9_9/kernel' } : s));
      await expect(loadCheckpoint(backbone, tf.io.fromMemory({ weightSpecs: renamed, weightData: data }))).rejects.toThrow(/'conv9_9\/kernel'/);
      await expect(loadCheckpoint(backbone, tf.io.fromMemory({ weightSpecs: specs, weightData: data }))).resolves.toBeTruthy();
      backbone.dispose();
    });

    it("reads past the weights 'skip' names (a training checkpoint's optimiser state) and nothing else", async () => {
      const backbone = createBackbone('vgg16', SMALL);
      const kernel = backbone.variables['conv1_1/kernel'];
      const velocity = tf.fill(kernel.shape, 7);
      const named = [
        { name: 'optimizer/conv1_1/kernel', tensor: velocity },
        ...Object.entries(backbone.variables).map(([name, tensor]) => ({ name, tensor: name === 'conv1_1/kernel' ? tf.onesLike(tensor) : tensor })),
      ];
      const { data, specs } = await tf.io.encodeWeights(named);
      const artifacts = () => tf.io.fromMemory({ weightSpecs: specs, weightData: data });
      await expect(loadCheckpoint(backbone, artifacts())).rejects.toThrow(/1 weight\(s\) the model does not use \('optimizer\/conv1_1\/kernel'\)/);
      const skipVelocities = (name: string) => name.startsWith('optimizer/');
      const { assigned } = await loadCheckpoint(backbone, artifacts(), { skip: skipVelocities });
      expect(assigned.sort()).toEqual(Object.keys(backbone.variables).sort());
      expect(values(kernel).every((v) => v === 1), 'the weight after the skipped one lands in its own variable').toBe(true);
      await expect(loadCheckpoint(backbone, artifacts(), { skip: (name) => name === 'conv1_1/kernel' })).rejects.toThrow(/does not use/);
      tf.dispose([velocity, named[1 + Object.keys(backbone.variables).indexOf('conv1_1/kernel')].tensor]);
      backbone.dispose();
    });
  });

  describe('Keras layers-format import (tensorflowjs_converter output of VGG16)', () => {
    let backbone: Backbone;
    beforeAll(() => {
      backbone = createBackbone('vgg16', SMALL);
    });
    afterAll(() => backbone.dispose());

    it('maps block{b}_conv{i} to conv{b}_{i} and loads every weight', async () => {
      const target = folder('keras');
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      const written = writeKerasVgg16(target, backbone);
      const { assigned } = await importKerasWeights(backbone, fileSystemHandler(target));
      expect(assigned.length).toBe(26);
      expect(values(backbone.variables['conv3_2/kernel'])).toEqual(Array.from(written.get('block3_conv2/kernel')!));
      expect(values(backbone.variables['conv5_3/bias'])).toEqual(Array.from(written.get('block5_conv3/bias')!));
    });

    it('refuses manifests that disagree with the shards or the backbone, before reading weights', async () => {
      const target = folder('keras-bad');
      mkdirSync(target, { recursive: true });
      const fresh = () => writeKerasVgg16(target, backbone);
      const before = tf.memory().numTensors;
      fresh();
      editManifest(target, (w) => (w[0].shape = [3, 3, 3, 5]));
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/describes \d+ bytes but its shards hold/);
      fresh();
      editManifest(target, (w) => {
        [w[0].shape, w[2].shape] = [[3, 3, 4, 4], [3, 3, 3, 4]];
      });
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/weight 'block1_conv1\/kernel' has shape \[3,3,4,4\] but 'conv1_1\/kernel' needs \[3,3,3,4\]/);
      // A weight the backbone has no use for (include_top's fc1) would allocate more than it needs.
      writeKerasVgg16(target, backbone, [{ name: 'fc1/kernel', shape: [4, 6] }]);
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/model\.json: 1 weight\(s\) the model does not use \('fc1\/kernel'\)/);
      await expect(importKerasWeights(backbone, fileSystemHandler(target), { skipUnmapped: true })).resolves.toBeTruthy();
      // A huge declared weight is refused from the sizes alone.
      fresh();
      editManifest(target, (w) => w.push({ name: 'block9_conv1/kernel', shape: [65536, 65536, 4, 4], dtype: 'float32' } as never));
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/describes \d+ bytes but its shards hold/);
      expect(tf.memory().numTensors).toBe(before);
      // Converted weights are checked for NaN and ±Infinity too, named by their Keras name and ours.
      fresh();
      writeFileSync(join(target, 'group1-shard1of2.bin'), new Uint8Array(new Float32Array([Infinity]).buffer), { flag: 'r+' });
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/model\.json: weight 'block1_conv1\/kernel' \(for 'conv1_1\/kernel'\) holds Infinity at element 0 of 108/);
      rmSync(join(target, 'group1-shard2of2.bin'));
      await expect(importKerasWeights(backbone, fileSystemHandler(target))).rejects.toThrow(/shard 'group1-shard2of2\.bin' of weightsManifest\[0\] is missing/);
    });

    it('names a backbone without a map', () => {
      expect(() => importKerasWeights({ name: 'vgg-m', variables: {} }, fileSystemHandler(dir))).toThrow(/backbone 'vgg-m' has no Keras name map \(its plugin sets 'kerasNames'.*pass 'nameMap'/);
    });
  });
}, ['cpu']);
