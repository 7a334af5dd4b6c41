// A Web Worker of the live training example: its own backend (WASM on one thread: the workers are the parallelism)
// and its own copy of the net. For each shard it reads the page's current weights from shared memory, computes the
// shard's gradients with @icnn/training's shard trainer and writes them into its own shared buffer; the page sums
// the workers' buffers in worker order and takes the one optimiser step.
import { initBackend } from '@icnn/runtime';
import { createShardTrainer, layoutMismatch, variableLayout, type ShardRequest, type ShardTrainer } from '@icnn/training';
import { buildNet } from './trainingSession';
import type { WorkerReply, WorkerSetup } from './workerMessages';

const reply = (message: WorkerReply) => postMessage(message);
let trainShard: ShardTrainer | null = null;

async function setUp(setup: WorkerSetup): Promise<void> {
  await initBackend(setup.backend, setup.backend === 'wasm' ? { wasmPaths: setup.wasmPaths, threads: 1 } : {});
  const net = buildNet(setup.settings);
  const layout = variableLayout(net);
  const mismatch = layoutMismatch(setup.layout, layout);
  if (mismatch !== null) throw new Error(`its net differs from the page's (${mismatch})`);
  const buffers = { weights: new Float32Array(setup.weights), gradients: new Float32Array(setup.gradients), state: new Float32Array(setup.state) };
  trainShard = createShardTrainer(net, layout, buffers, `training worker ${setup.index}`);
}

addEventListener('message', (event: MessageEvent<WorkerSetup | ShardRequest>) => {
  const message = event.data;
  const work = message.type === 'setup' ? setUp(message).then((): WorkerReply => ({ type: 'ready' })) : trainShard!(message);
  work.then(reply, (error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
