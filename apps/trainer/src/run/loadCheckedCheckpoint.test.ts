import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import { createNetOptimizer } from '@icnn/training';
import { describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../commands/evaluate';
import { ConfigError } from '../config/options';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { buildNet } from './buildNet';
import { checkpointDir, loadRunCheckpoint, saveRunCheckpoint } from './runCheckpoint';

describe('checkpoints as eval, explain, report and --resume load them', () => {
  it('NaN in a kernel, flipped bytes or a truncated model.json: a user error (exit 2) naming the file and the weight', async () => {
    await initBackend('cpu');
    const options = tinyOptions();
    const out = temporaryOut();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'config.json'), JSON.stringify({ ...options, out }));
    const net = buildNet(options, 1);
    const optimizer = createNetOptimizer(net);
    const save = () => saveRunCheckpoint(out, net, optimizer, { epochsDone: 1, batchesDone: 0, options: { ...options } });
    const modelFile = join(checkpointDir(out), 'model.json');
    const refused = async (pattern: RegExp) => {
      const error = await evalCommand({ ...tinyOptions(), checkpoint: out }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(pattern);
      await expect(loadRunCheckpoint(out, net, optimizer)).rejects.toThrow(pattern);
    };

    const kernel = net.variables['backbone/conv1_1/kernel'];
    const good = kernel.dataSync().slice();
    const poisoned = tf.tensor(good.map((v, i) => (i === 3 ? NaN : v)), kernel.shape);
    kernel.assign(poisoned);
    poisoned.dispose();
    await save();
    await refused(new RegExp(`${modelFile}: weight 'backbone/conv1_1/kernel' holds NaN at element 3`));

    tf.tidy(() => kernel.assign(tf.tensor(good, kernel.shape)));
    await save();
    const first = (JSON.parse(readFileSync(modelFile, 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] }).weightsManifest[0].weights[0].name;
    const bin = join(checkpointDir(out), 'weights.bin');
    const bytes = readFileSync(bin);
    bytes[1] ^= 0x01;
    writeFileSync(bin, bytes);
    await refused(new RegExp(`${modelFile}: weight '${first}' does not match its SHA-256 digest`));

    await save();
    writeFileSync(modelFile, readFileSync(modelFile, 'utf8').slice(0, 100));
    await refused(new RegExp(`${modelFile}: not valid JSON \\(.*\\); the file is truncated or damaged`));
    optimizer.dispose();
    net.dispose();
  }, 60_000);

  it('a checkpoint saved before weight digests loads, with a warning that it was not verified', async () => {
    await initBackend('cpu');
    const options = tinyOptions();
    const out = temporaryOut();
    const net = buildNet(options, 1);
    const optimizer = createNetOptimizer(net);
    await saveRunCheckpoint(out, net, optimizer, { epochsDone: 1, batchesDone: 0, options: { ...options } });
    const modelFile = join(checkpointDir(out), 'model.json');
    const json = JSON.parse(readFileSync(modelFile, 'utf8')) as { modelTopology: Record<string, unknown> };
    delete json.modelTopology.weightDigests;
    writeFileSync(modelFile, JSON.stringify(json));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(loadRunCheckpoint(out, net, optimizer)).resolves.toMatchObject({ epochsDone: 1 });
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toContain(`warning: ${modelFile} has no weight digests`);
    } finally {
      stderr.mockRestore();
    }
    optimizer.dispose();
    net.dispose();
  }, 60_000);
});
