import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadCheckpoint, type InterpretableNet } from '@icnn/model';
import { fileSystemHandler } from '@icnn/model/node';
import { initBackend } from '@icnn/runtime';
import { describe, expect, it } from 'vitest';
import { pretrainCommand } from '../commands/pretrain';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { tinyImageFolder } from '../testing/tinyImageFolder';
import { buildNet } from './buildNet';
import { learningRateMultipliers } from './learningRateMultipliers';
import { BACKBONE_DIR, initBackboneFrom, readBackboneInfo, resolveBackboneCheckpoint, saveBackboneCheckpoint, shippedBackbones } from './pretrainedBackbone';
import { trainNetwork } from './trainNetwork';

const valuesOf = (net: InterpretableNet, keep: (name: string) => boolean) =>
  Object.fromEntries(Object.entries(net.variables).filter(([name]) => keep(name)).map(([name, v]) => [name, Array.from(v.dataSync())]));
const isBackbone = (name: string) => name.startsWith('backbone/');
const INFO = { backbone: 'vgg-small', width: 0.0625, inputSize: 16, classes: ['a', 'b', 'c'], epochs: 1, valAccuracy: 0.5, seed: 0, data: 'test' };

describe('pretrained backbones', () => {
  it('a saved backbone loads into another net: backbone weights from the file, new layers left as they were', async () => {
    await initBackend('cpu');
    const tensors = tf.memory().numTensors;
    const source = buildNet(tinyOptions(['--seed', '1', '--no-interpretable', '--loss', 'softmax']), 3);
    const out = temporaryOut();
    await saveBackboneCheckpoint(join(out, BACKBONE_DIR), source, INFO);
    expect(readBackboneInfo(resolveBackboneCheckpoint(out))).toMatchObject({ kind: 'icnn-pretrained-backbone', ...INFO });
    // Stored under the backbone's own names, so a bare backbone can load it too.
    const manifest = JSON.parse(readFileSync(join(out, BACKBONE_DIR, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    expect(manifest.weightsManifest[0].weights.map((w) => w.name)).toContain('conv1_1/kernel');

    const options = { ...tinyOptions(['--seed', '2']), initFrom: out };
    const target = buildNet(options, 1);
    const before = valuesOf(target, (name) => !isBackbone(name));
    expect(valuesOf(target, isBackbone)).not.toEqual(valuesOf(source, isBackbone));
    await initBackboneFrom(target, options);
    expect(valuesOf(target, isBackbone)).toEqual(valuesOf(source, isBackbone));
    expect(valuesOf(target, (name) => !isBackbone(name))).toEqual(before);
    source.dispose();
    target.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('refuses a pretrained backbone of another kind or width, and a folder without one, naming them', async () => {
    await initBackend('cpu');
    const source = buildNet(tinyOptions(['--no-interpretable']), 1);
    const out = temporaryOut();
    await saveBackboneCheckpoint(join(out, BACKBONE_DIR), source, INFO);
    source.dispose();
    const wide = { ...tinyOptions(['--width', '0.125']), initFrom: out };
    const net = buildNet(wide, 1);
    await expect(initBackboneFrom(net, wide)).rejects.toThrow(`--init-from ${out}: pretrained at width 0.0625, but --width is 0.125`);
    await expect(initBackboneFrom(net, { ...wide, backbone: 'vgg16' })).rejects.toThrow(/pretrained as 'vgg-small', but --backbone is 'vgg16'/);
    net.dispose();
    expect(() => resolveBackboneCheckpoint(join(out, 'nothing'))).toThrow(/no pretrained backbone there .*make one with 'icnn pretrain/);
  }, 60_000);

  it('icnn pretrain writes a backbone that train --init-from starts from; --backbone-lr 0 keeps its weights', async () => {
    await initBackend('cpu');
    const folder = tinyImageFolder(3, 8);
    const out = temporaryOut();
    const options = tinyOptions(['--image-folder', folder, '--out', out, '--json', '--dataset', 'partworld']);
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await pretrainCommand(options, new AbortController().signal);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const summary = JSON.parse(written.join('')) as { classes: string[]; trainImages: number; valImages: number; valAccuracy: number; imagesPerSecond: number };
    expect(summary.classes).toEqual(['class0', 'class1', 'class2']);
    expect(summary.trainImages + summary.valImages).toBe(24);
    expect(summary.valAccuracy).toBeGreaterThanOrEqual(0);
    expect(summary.valAccuracy).toBeLessThanOrEqual(1);
    expect(summary.imagesPerSecond).toBeGreaterThan(0);
    expect(existsSync(join(out, BACKBONE_DIR, 'model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ interpretable: false, loss: 'softmax' });

    // Frozen backbone: fine-tuning with --backbone-lr 0 leaves every pretrained kernel where the file has it.
    const reference = buildNet({ ...tinyOptions(), initFrom: out }, 1);
    await initBackboneFrom(reference, { ...tinyOptions(), initFrom: out });
    const tuned = await trainNetwork({ ...tinyOptions(['--backbone-lr', '0', '--epochs', '1']), initFrom: out }, { verbose: false, evaluateFilters: false });
    const kernels = (name: string) => isBackbone(name) && name.endsWith('/kernel');
    expect(valuesOf(tuned.net, kernels)).toEqual(valuesOf(reference, kernels));
    expect(valuesOf(tuned.net, (name) => name === 'newConv/kernel')).not.toEqual(valuesOf(reference, (name) => name === 'newConv/kernel'));
    tuned.net.dispose();
    reference.dispose();
  }, 120_000);

  it('pretrain needs --out and --image-folder, and refuses --init-from', async () => {
    const signal = new AbortController().signal;
    await expect(pretrainCommand(tinyOptions(), signal)).rejects.toThrow(/pretrain needs --out/);
    await expect(pretrainCommand({ ...tinyOptions(), out: temporaryOut() }, signal)).rejects.toThrow(/'imageFolder' is required by pretrain/);
    await expect(pretrainCommand({ ...tinyOptions(), out: temporaryOut(), initFrom: 'x' }, signal)).rejects.toThrow(/--init-from is for train and compare/);
  });
});

describe('learningRateMultipliers', () => {
  it("scales the backbone's rates and every bias's on top of the optimiser's defaults", () => {
    const of = learningRateMultipliers({ backboneLr: 0.1, biasLr: 2 });
    expect(of('backbone/conv1_1/kernel')).toEqual({ lr: 0.1 });
    expect(of('backbone/conv1_1/bias').lr).toBeCloseTo(0.2, 12);
    expect(of('backbone/conv1_1/bias').decay).toBe(0);
    expect(of('newConv/kernel')).toEqual({ lr: 1 });
    expect(of('fc8/bias')).toEqual({ lr: 2, decay: 0 });
    expect(of('mask_top/beta')).toEqual({ lr: 0.05, decay: 0 });
  });
});

describe('the backbones shipped with the trainer', () => {
  it('each loads by name into a net of its backbone and width, and says how it was made', async () => {
    await initBackend('cpu');
    const names = shippedBackbones();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const info = readBackboneInfo(resolveBackboneCheckpoint(name));
      expect(info.classes.length).toBeGreaterThan(1);
      expect(info.valAccuracy).toBeGreaterThan(1 / info.classes.length);
      const options = { ...tinyOptions(['--backbone', info.backbone, '--width', String(info.width), '--input-size', String(info.inputSize)]), initFrom: name };
      const net = buildNet(options, 1);
      await initBackboneFrom(net, options);
      // The same file read straight into a bare backbone (its own variable names) gives the same weights.
      const bare = buildNet(tinyOptions(['--backbone', info.backbone, '--width', String(info.width), '--seed', '5']), 1);
      const { verified } = await loadCheckpoint(bare.backbone, fileSystemHandler(resolveBackboneCheckpoint(name)), { skip: (n) => !(n in bare.backbone.variables) });
      expect(verified, `${name} carries weight digests`).toBe(true);
      expect(valuesOf(net, isBackbone)).toEqual(Object.fromEntries(Object.keys(valuesOf(net, isBackbone)).map((n) => [n, Array.from(bare.backbone.variables[n.slice('backbone/'.length)].dataSync())])));
      expect(valuesOf(net, isBackbone)['backbone/conv1_1/kernel'].every(Number.isFinite)).toBe(true);
      bare.dispose();
      net.dispose();
    }
  }, 60_000);
});
