// A training worker (Node worker_threads): its own backend and its own copy of the net. For each shard it takes the
// main thread's current weights from shared memory, computes the shard's gradients (@icnn/training's shard trainer:
// no update) and writes them into its own shared gradient buffer; the main thread sums the workers' buffers, each
// weighted by its shard's share of the batch, in worker order, and takes the one optimiser step.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '@icnn/runtime';
import { createShardTrainer, layoutMismatch, variableLayout, type ShardRequest } from '@icnn/training';
import { buildNet } from '../run/buildNet';
import type { WorkerReply, WorkerSetup } from './workerProtocol';

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
  const buffers = { weights: new Float32Array(setup.weights), gradients: new Float32Array(setup.gradients), state: new Float32Array(setup.state) };
  const trainShard = createShardTrainer(net, layout, buffers, `worker ${setup.index}`);

  port.on('message', async (request: ShardRequest) => {
    try {
      reply(await trainShard(request));
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message, ...((error as Error).stack ? { stack: (error as Error).stack } : {}) });
    }
  });
  reply({ type: 'ready' });
}

start().catch((error: unknown) => reply({ type: 'error', message: `worker ${setup.index} could not start: ${(error as Error).message}` }));
