// `icnn bench`: training images/s of the ordinary and the interpretable network per backbone on the chosen backend
// (random inputs, the run's width, input size and batch), their ratio (target: the interpretable step ≤ 1.15× the
// ordinary one), and peak memory (the peak of live tensor bytes in a step, from tfjs's profiler, and process RSS).
import * as tf from '@tensorflow/tfjs-core';
import { createNetOptimizer, disposeStepResult, trainStep } from '@icnn/training';
import type { TrainerOptions } from '../config/options';
import { defaultWorkers } from '../parallel/trainingWorkers';
import { buildNet } from '../run/buildNet';
import { workerScaling, type WorkerScaling } from './workerScaling';

interface BenchRow {
  backbone: string;
  ordinaryImagesPerSecond: number;
  interpretableImagesPerSecond: number;
  /** interpretable step time / ordinary step time. */
  stepRatio: number;
  peakTensorMegabytes: number;
  peakRssMegabytes: number;
  /** Interpretable net, this thread vs --workers threads (when more than one). */
  workers?: WorkerScaling;
}

async function imagesPerSecond(options: TrainerOptions, steps: number, peak: { bytes: number; rss: number }): Promise<number> {
  const net = buildNet(options, 1);
  const optimizer = createNetOptimizer(net, { momentum: options.momentum, weightDecay: options.weightDecay });
  const images = tf.randomNormal([options.batch, ...net.inputShape], 0, 1, 'float32', options.seed) as tf.Tensor4D;
  const labels = tf.tensor1d(Array.from({ length: options.batch }, (_, i) => (i % 2 === 0 ? 1 : -1)));
  try {
    const times: number[] = [];
    for (let step = 0; step < steps + 1; step++) {
      const started = performance.now();
      const result = trainStep(net, optimizer, images, labels, { epoch: 1, learningRate: 1e-3 });
      await result.loss.data();
      peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
      disposeStepResult(result);
      if (step > 0) times.push(performance.now() - started); // the first step compiles and allocates
    }
    // tfjs's profiler tracks the peak of live tensor bytes inside a step (activations and gradients included).
    const profile = await tf.profile(async () => {
      const result = trainStep(net, optimizer, images, labels, { epoch: 1, learningRate: 1e-3 });
      await result.loss.data();
      disposeStepResult(result);
    });
    peak.bytes = Math.max(peak.bytes, profile.peakBytes);
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    return (options.batch * 1000) / median;
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    net.dispose();
  }
}

export async function benchCommand(options: TrainerOptions): Promise<number> {
  const backbones = options.bench ?? [options.backbone];
  const rows: BenchRow[] = [];
  for (const backbone of backbones) {
    const peak = { bytes: 0, rss: 0 };
    const settings = { ...options, backbone };
    const ordinary = await imagesPerSecond({ ...settings, interpretable: false }, options.steps, peak);
    const interpretable = await imagesPerSecond({ ...settings, interpretable: true }, options.steps, peak);
    const workers = options.workers ?? defaultWorkers(tf.getBackend());
    const scaling = workers > 1 ? await workerScaling({ ...settings, interpretable: true }, workers, Math.max(options.steps, 3)) : undefined;
    const row: BenchRow = {
      backbone,
      ordinaryImagesPerSecond: ordinary,
      interpretableImagesPerSecond: interpretable,
      stepRatio: ordinary / interpretable,
      peakTensorMegabytes: peak.bytes / 2 ** 20,
      peakRssMegabytes: peak.rss / 2 ** 20,
      ...(scaling ? { workers: scaling } : {}),
    };
    rows.push(row);
    if (!options.json) {
      process.stdout.write(
        `${backbone} (width ${options.width}, ${options.inputSize}×${options.inputSize}, batch ${options.batch}, ${tf.getBackend()}): ordinary ${ordinary.toFixed(1)} img/s, interpretable ${interpretable.toFixed(1)} img/s, step ratio ${row.stepRatio.toFixed(3)} (target ≤ 1.15), peak tensors ${row.peakTensorMegabytes.toFixed(0)} MiB, peak RSS ${row.peakRssMegabytes.toFixed(0)} MiB\n`,
      );
      if (scaling) {
        process.stdout.write(
          `  workers (interpretable, alternating rounds): 1 thread ${scaling.oneThreadImagesPerSecond.toFixed(1)} img/s, ${scaling.workers} workers ${scaling.workersImagesPerSecond.toFixed(1)} img/s: ×${scaling.speedup.toFixed(2)}\n`,
        );
      }
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ backend: tf.getBackend(), steps: options.steps, rows })}\n`);
  return 0;
}
