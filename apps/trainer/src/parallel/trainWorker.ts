// A training worker (Node worker_threads): its own backend and its own copy of the net. For each shard it takes the
// main thread's current weights from shared memory, computes the shard's gradients (stepGradients: no update) and
// writes them into its own shared gradient buffer; the main thread sums the workers' buffers, each weighted by its
// shard's share of the batch, in worker order, and takes the one optimiser step.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { MaskLayer } from '@icnn/model';
import { initBackend } from '@icnn/runtime';
import { batchAccuracy, disposeStepResult, stepGradients } from '@icnn/training';
import { buildNet } from '../run/buildNet';
import { layoutMismatch, readVariables, variableLayout } from './variableLayout';
import type { ShardRequest, ShardResult, WorkerReply, WorkerSetup } from './workerProtocol';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start() {
  // One thread per worker: the workers are the parallelism.
  await initBackend(setup.options.backend, { threads: 1 });
  const net = buildNet(setup.options, setup.classes);
  const layout = variableLayout(net);
  const mismatch = layoutMismatch(setup.layout, layout);
  if (mismatch !== null) throw new Error(`worker ${setup.index}: its net differs from the main thread's (${mismatch})`);
  const weights = new Float32Array(setup.weights);
  const gradients = new Float32Array(setup.gradients);
  const state = new Float32Array(setup.state);
  // Batch-norm running statistics move in the forward pass; the main thread folds them in after each step.
  const moving = layout.slots.filter((slot) => !net.variables[slot.name].trainable);
  const slotOf = new Map(layout.slots.map((slot) => [slot.name, slot]));

  port.on('message', async (request: ShardRequest) => {
    try {
      reply(await trainShard(request));
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message, ...((error as Error).stack ? { stack: (error as Error).stack } : {}) });
    }
  });
  reply({ type: 'ready' });

  async function trainShard(request: ShardRequest): Promise<ShardResult> {
    readVariables(net, layout, weights);
    const count = request.shape[0];
    const images = tf.tensor4d(request.images, request.shape);
    const labels = setup.classes === 1 ? tf.tensor1d(request.labels) : tf.tensor2d(request.labels, [count, setup.classes]);
    const result = stepGradients(net, images, labels, {
      epoch: request.epoch,
      filterLossWeight: request.filterLossWeight,
      ...(request.dropoutSeed !== undefined ? { dropoutSeed: request.dropoutSeed } : {}),
      ...(request.filterCategories !== undefined ? { filterCategories: request.filterCategories } : {}),
      ...(request.layerCategories !== undefined ? { layerCategories: request.layerCategories } : {}),
    });
    const accuracy = batchAccuracy(result.logits, labels, net.options.loss);
    try {
      gradients.fill(0);
      const withGradient: string[] = [];
      for (const [name, gradient] of Object.entries(result.gradients)) {
        const slot = slotOf.get(name);
        if (slot === undefined) throw new Error(`worker ${setup.index}: a gradient for '${name}', which is not a variable of the net`);
        gradients.set(await gradient.data<'float32'>(), slot.offset);
        withGradient.push(name);
      }
      const moved: string[] = [];
      for (const slot of moving) {
        if (withGradient.includes(slot.name)) continue;
        state.set(await net.variables[slot.name].data<'float32'>(), slot.offset);
        moved.push(slot.name);
      }
      const maskMaxima: Partial<Record<MaskLayer, Float32Array>> = {};
      for (const [layer, maps] of Object.entries(result.maskInputs) as [MaskLayer, tf.Tensor4D][]) {
        const maxima = tf.max(maps, [1, 2]);
        maskMaxima[layer] = (await maxima.data()) as Float32Array;
        maxima.dispose();
      }
      const [loss, classification, filterLoss, correct, total] = await Promise.all(
        [result.loss, result.classification, result.filterLoss, accuracy.correct, accuracy.total].map(async (t) => (await t.data())[0]),
      );
      return { type: 'result', loss, classification, filterLoss, correct, total, withGradient, moved, maskMaxima };
    } finally {
      tf.dispose([images, labels, accuracy.correct, accuracy.total, ...Object.values(result.gradients)]);
      disposeStepResult(result);
    }
  }
}

start().catch((error: unknown) => reply({ type: 'error', message: `worker ${setup.index} could not start: ${(error as Error).message}` }));
