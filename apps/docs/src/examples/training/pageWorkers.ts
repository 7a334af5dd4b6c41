// How many Web Workers the live training example uses, and the pool itself. Workers need SharedArrayBuffer, which a
// browser gives only to a cross-origin isolated page (served with COOP: same-origin and COEP: require-corp); without
// it, or on WebGPU (one device, driven from one thread), the example trains on the page's own thread and says why.
// The step is @icnn/training's parallelBatchStep: each batch cut into one shard per worker, the shards' gradients
// summed in worker order over shared memory, one optimiser step — the same seed and the same N give the same numbers.
import type { InterpretableNet } from '@icnn/model';
import { parallelBatchStep, variableLayout, type BatchStep, type ShardRequest, type ShardResult, type Sgd } from '@icnn/training';
import type { TrainingSettings } from './trainingSession';
import type { WorkerReply, WorkerSetup } from './workerMessages';

/** The most workers the page starts by default: past a few, the per-step exchange outweighs a shard's work. */
export const MAX_PAGE_WORKERS = 4;

export interface WorkerPlan {
  /** Web Workers to train on; 0: the page's own thread. */
  workers: number;
  /** Why this many, in a sentence for the page. */
  reason: string;
}

export interface PageFacts {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  backend: string;
  /** `?workers=N` from the page's address, if given. */
  requested?: number;
}

/** `?workers=N` in the page's address (0: the page's own thread), or undefined. */
export function requestedWorkers(search: string): number | undefined {
  const value = new URLSearchParams(search).get('workers');
  if (value === null) return undefined;
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers > 64) throw new Error(`?workers=${value}: give an integer from 0 (this page's thread) to 64`);
  return workers;
}

export function planWorkers(facts: PageFacts): WorkerPlan {
  if (!facts.crossOriginIsolated) {
    return { workers: 0, reason: "this page is not cross-origin isolated (its server does not send the COOP/COEP headers), so the browser gives it no SharedArrayBuffer to share weights and gradients with Web Workers: training runs on the page's own thread" };
  }
  if (facts.backend !== 'wasm' && facts.backend !== 'cpu') return { workers: 0, reason: `${facts.backend} computes on one device, driven from the page's own thread` };
  if (facts.requested !== undefined) return { workers: facts.requested, reason: `?workers=${facts.requested} in the address` };
  const workers = Math.min(MAX_PAGE_WORKERS, facts.hardwareConcurrency);
  if (workers < 2) return { workers: 0, reason: "the browser reports one logical core: training runs on the page's own thread" };
  return { workers, reason: `one per logical core the browser reports (${facts.hardwareConcurrency}), at most ${MAX_PAGE_WORKERS}` };
}

export interface PageWorkers {
  readonly count: number;
  step: BatchStep;
  close(): void;
}

interface Pending {
  resolve: (result: ShardResult) => void;
  reject: (error: Error) => void;
}

/** Starts `count` workers for `net` (built from `settings`), each set up and ready before this resolves. */
export async function startPageWorkers(config: { settings: TrainingSettings; net: InterpretableNet; optimizer: Sgd; count: number; backend: 'wasm' | 'cpu'; wasmPaths: string }): Promise<PageWorkers> {
  const layout = variableLayout(config.net);
  const weightsBuffer = new SharedArrayBuffer(layout.length * 4);
  const pool = Array.from({ length: config.count }, (_, index) => {
    const gradients = new SharedArrayBuffer(layout.length * 4);
    const state = new SharedArrayBuffer(layout.length * 4);
    const worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module' });
    return { worker, gradients, state, pending: null as Pending | null, dead: null as Error | null };
  });

  /** The next reply of worker `index` (a shard's result or 'ready'); a worker's error or crash rejects it. */
  const nextReply = (index: number) =>
    new Promise<ShardResult>((resolve, reject) => {
      const entry = pool[index];
      if (entry.dead !== null) return reject(entry.dead);
      entry.pending = { resolve, reject };
    });
  pool.forEach((entry, index) => {
    const fail = (error: Error) => {
      entry.dead ??= error;
      entry.pending?.reject(entry.dead);
      entry.pending = null;
    };
    entry.worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const message = event.data;
      if (message.type === 'error') return fail(new Error(`training worker ${index}: ${message.message}`));
      const pending = entry.pending;
      entry.pending = null;
      pending?.resolve(message as ShardResult);
    });
    entry.worker.addEventListener('error', (event) => fail(new Error(`training worker ${index} failed: ${event.message || 'it could not load (is its script served with COEP?)'}`)));
  });

  const close = () => pool.forEach((entry) => {
    entry.dead ??= new Error('training workers closed');
    entry.worker.terminate();
  });
  try {
    await Promise.all(
      pool.map((entry, index) => {
        const ready = nextReply(index);
        const setup: WorkerSetup = { type: 'setup', index, settings: config.settings, backend: config.backend, wasmPaths: config.wasmPaths, layout, weights: weightsBuffer, gradients: entry.gradients, state: entry.state };
        entry.worker.postMessage(setup);
        return ready;
      }),
    );
  } catch (error) {
    close();
    throw error;
  }

  const step = parallelBatchStep({
    net: config.net,
    optimizer: config.optimizer,
    layout,
    weights: new Float32Array(weightsBuffer),
    workers: pool.map((entry, index) => ({
      gradients: new Float32Array(entry.gradients),
      state: new Float32Array(entry.state),
      run: (request: ShardRequest) => {
        const result = nextReply(index);
        entry.worker.postMessage(request, [request.images.buffer as ArrayBuffer, request.labels.buffer as ArrayBuffer]);
        return result;
      },
    })),
  });
  return { count: config.count, step, close };
}
