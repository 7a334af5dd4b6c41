// A forward-pass worker (Node worker_threads) for the evaluation: its own backend and its own copy of the net with
// the main thread's weights; it answers each batch with the output asked for.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@icnn/runtime';
import { layoutMismatch, readVariables, variableLayout } from '@icnn/training';
import { buildNet } from '../run/buildNet';
import type { ForwardReply, ForwardRequest, ForwardSetup } from './forwardProtocol';

const setup = workerData as ForwardSetup;
const port = parentPort!;
const reply = (message: ForwardReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start() {
  await initBackend(setup.backend, { threads: 1 });
  const net = buildNet(setup.options, setup.classes);
  const layout = variableLayout(net);
  const mismatch = layoutMismatch(setup.layout, layout);
  if (mismatch !== null) throw new Error(`its net differs from the main thread's (${mismatch})`);
  readVariables(net, layout, setup.weights);

  port.on('message', async (request: ForwardRequest) => {
    try {
      const output = tf.tidy(() => net.forward(tf.tensor4d(request.images, request.shape))[request.output]);
      try {
        const data = (await output.data()) as Float32Array;
        reply({ type: 'output', data, shape: output.shape }, [data.buffer as ArrayBuffer]);
      } finally {
        output.dispose();
      }
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
  reply({ type: 'ready' });
}

start().catch((error: unknown) => reply({ type: 'error', message: `could not start: ${(error as Error).message}` }));
