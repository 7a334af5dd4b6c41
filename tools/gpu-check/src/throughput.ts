// Part (b): training images/s of a net at a given size: warm-up steps (the first compiles the GPU shaders), then
// timed steps, each ended by reading the loss back (the read waits for the whole step, the update included).
import * as tf from '@tensorflow/tfjs-core';
import { buildVgg16Net, describeNet, syntheticBatchValues, type NetChoice, type NetSize } from './netSizes';
import { summarize, type TimingSummary } from './stats';
import { createTrainer } from './trainingStep';

export interface Throughput {
  net: string;
  /** Which conv gradient kernels ran (a label from the kernel benchmark, or 'stock'). */
  kernels: string;
  batch: number;
  inputSize: number;
  firstStepMs: number;
  step: TimingSummary;
  imagesPerSecond: number;
  /** Tensors left behind per step after the warm-up (0 unless something leaks). */
  tensorsLeakedPerStep: number;
  finalLoss: number;
}

export interface Phase {
  /** Which conv gradient kernels run (a label), installed by `install`. */
  kernels: string;
  install?: () => void;
  warmup: number;
  steps: number;
}

/** Builds the net once (the 4096-wide head takes seconds to initialise) and times each phase on it. */
export async function measureThroughput(options: {
  size: NetSize;
  choice: NetChoice;
  phases: Phase[];
  /** Stops adding timed steps when this returns false (at least one is timed). */
  haveTime: () => boolean;
  log?: (message: string) => void;
}): Promise<Throughput[]> {
  const { size, choice } = options;
  const net = buildVgg16Net(size, choice);
  const trainer = createTrainer(net, { learningRate: 1e-4, momentum: 0.9 });
  const { x: xValues, labels: labelValues } = syntheticBatchValues(size, 5);
  const x = tf.tensor4d(xValues, [size.batch, size.inputSize, size.inputSize, 3]);
  const labels = tf.tensor1d(labelValues);
  const step = async () => {
    const start = performance.now();
    const loss = trainer.step(x, labels);
    const [value] = await loss.data();
    loss.dispose();
    return { ms: performance.now() - start, loss: value };
  };
  try {
    const results: Throughput[] = [];
    for (const phase of options.phases) {
      phase.install?.();
      const first = await step();
      options.log?.(`  ${describeNet(choice)}, ${phase.kernels}: first step ${first.ms.toFixed(0)} ms (shader compilation included)`);
      for (let i = 1; i < phase.warmup; i++) await step();
      const tensorsBefore = tf.memory().numTensors;
      const times: number[] = [];
      let loss = first.loss;
      while (times.length < phase.steps && (times.length === 0 || options.haveTime())) {
        const result = await step();
        times.push(result.ms);
        loss = result.loss;
      }
      const timing = summarize(times);
      options.log?.(`  ${describeNet(choice)}, ${phase.kernels}: median step ${timing.medianMs.toFixed(1)} ms over ${times.length} steps`);
      results.push({
        net: describeNet(choice),
        kernels: phase.kernels,
        batch: size.batch,
        inputSize: size.inputSize,
        firstStepMs: first.ms,
        step: timing,
        imagesPerSecond: size.batch / (timing.medianMs / 1000),
        tensorsLeakedPerStep: (tf.memory().numTensors - tensorsBefore) / times.length,
        finalLoss: loss,
      });
    }
    return results;
  } finally {
    tf.dispose([x, labels]);
    trainer.dispose();
    net.dispose();
  }
}
