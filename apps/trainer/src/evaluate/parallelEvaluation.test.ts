import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../data/prepareData';
import { startForwardPool } from '../parallel/forwardPool';
import { buildNet } from '../run/buildNet';
import { bundledWorker } from '../testing/bundledWorker';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { evaluateNetwork } from './evaluateNetwork';

let workerScript: string;

beforeAll(async () => {
  workerScript = await bundledWorker('forwardWorker');
  await initBackend('cpu');
}, 60_000);

describe('evaluation on forward-pass workers', () => {
  it('gives the same figures, records and top images on this thread, 2 and 3 workers, and leaks no tensor', async () => {
    const options = tinyOptions(['--partworld-images', '64']);
    const data = await prepareData(options);
    const net = buildNet(options, 1);
    const tensors = tf.memory().numTensors;
    const progress: number[] = [];
    const one = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 3 });
    const two = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 3, parallel: { options, workers: 2, workerScript }, onProgress: (done) => progress.push(done) });
    const three = await evaluateNetwork(net, data, { batchSize: 8, evalSeed: 3, parallel: { options, workers: 3, workerScript } });
    expect(tf.memory().numTensors).toBe(tensors);
    net.dispose();

    expect(one.metrics.evaluationImages).toBeGreaterThan(16); // several batches, so that workers overtake each other
    expect(Number.isFinite(one.metrics.locationInstability)).toBe(true);
    expect(one.metrics.partInterpretability).toBeDefined();
    for (const parallel of [two, three]) {
      expect(parallel.metrics).toEqual(one.metrics);
      expect(parallel.filters.scores).toEqual(one.filters.scores);
      expect(parallel.filters.positions).toEqual(one.filters.positions);
      expect(parallel.filters.topImages).toEqual(one.filters.topImages);
      expect(parallel.filters.records).toEqual(one.filters.records);
    }
    // Progress still counts up through both passes, batch by batch.
    const evaluated = data.evaluation.items.length;
    expect(progress.at(-1)).toBe(2 * evaluated);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 120_000);

  it('names a worker that fails to start or dies in the middle', async () => {
    const options = tinyOptions();
    const net = buildNet(options, 1);
    const folder = temporaryOut();
    const broken = join(folder, '..', 'broken.mjs');
    writeFileSync(broken, "throw new Error('no backend here');\n");
    await expect(startForwardPool({ options, net, workers: 2, workerScript: broken })).rejects.toThrow(/evaluation worker \d failed: no backend here/);
    // Ready, then gone on its first batch.
    const dying = join(folder, '..', 'dying.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(3));\n");
    const pool = await startForwardPool({ options, net, workers: 1, workerScript: dying });
    const images = { data: new Float32Array(2 * 16 * 16 * 3), shape: [2, 16, 16, 3] as const };
    await expect(pool.run(images, 'logits')).rejects.toThrow(/evaluation worker 0 exited \(code 3\) in the middle of the evaluation/);
    await expect(pool.run({ ...images, data: new Float32Array(2 * 16 * 16 * 3) }, 'logits')).rejects.toThrow(/exited \(code 3\)/);
    await pool.close();
    net.dispose();
  }, 60_000);
});
