// A worker of the 4-conv CNN's data-parallel step: its own single-threaded wasm backend and copy of the model; per
// shard it takes the current weights from shared memory, computes the gradients of the shard's mean loss and writes
// them into its shared gradient buffer.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import type { CnnShard, CnnWorkerReply, CnnWorkerSetup } from './cnnWorkerProtocol';
import { createModel, forwardLoss, modelVariables } from './trainingStepBench';

const setup = workerData as CnnWorkerSetup;
const port = parentPort!;
const reply = (message: CnnWorkerReply) => port.postMessage(message);

async function start() {
  await initBackend('wasm', { threads: 1 });
  const model = createModel(setup.options);
  const variables = modelVariables(model);
  const weights = new Float32Array(setup.weights);
  const gradients = new Float32Array(setup.gradients);
  port.on('message', async (shard: CnnShard) => {
    try {
      const receivedAt = performance.timeOrigin + performance.now();
      const started = performance.now();
      let offset = 0;
      for (const variable of variables) {
        const value = tf.tensor(weights.slice(offset, offset + variable.size), variable.shape, 'float32');
        variable.assign(value);
        value.dispose();
        offset += variable.size;
      }
      const read = performance.now();
      const side = setup.options.inputSize;
      const x = tf.tensor4d(shard.images, [shard.size, side, side, 3]);
      const y = tf.tensor2d(shard.labels, [shard.size, setup.options.classes]);
      const { value, grads } = tf.variableGrads(() => forwardLoss(model, { batch: shard.size, layers: setup.options.layers }, x, y), variables);
      const loss = (await value.data())[0];
      const computed = performance.now();
      offset = 0;
      for (const variable of variables) {
        gradients.set(grads[variable.name].dataSync() as Float32Array, offset);
        offset += variable.size;
      }
      const written = performance.now();
      tf.dispose([x, y, value, ...Object.values(grads)]);
      reply({ type: 'done', loss, readMs: read - started, gradientMs: computed - read, writeMs: written - computed, receivedAt, repliedAt: performance.timeOrigin + performance.now() });
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
  reply({ type: 'ready' });
}

start().catch((error: unknown) => reply({ type: 'error', message: `could not start: ${(error as Error).message}` }));
