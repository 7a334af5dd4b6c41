// The live training example's work, composed from the packages: PartWorld and its single-category set
// (@icnn/datasets), an interpretable net on the vgg-small backbone (@icnn/model, @icnn/backbone-vgg), epochs of SGD
// (@icnn/training's runEpoch), and after each epoch the new conv layer's location instability beside its
// fixed-placement references, with the maps of its steadiest filters on their top images (@icnn/metrics/evaluate).
import * as tf from '@tensorflow/tfjs-core';
import { register as registerVggBackbones } from '@icnn/backbone-vgg';
import { batches, batchLandmarks, memoryCropLoader, partWorld, setMean, singleCategorySet, type Sample } from '@icnn/datasets';
import { evaluateFilters, filterMaps, type EvaluationBatch } from '@icnn/metrics/evaluate';
import { buildInterpretableNet, type InterpretableNet } from '@icnn/model';
import { createNetOptimizer, runEpoch, type BatchStep, type EpochProgress, type Sgd } from '@icnn/training';

export interface TrainingSettings {
  /** PartWorld images over its three categories; the first category is learned against the other two. */
  images: number;
  epochs: number;
  batch: number;
  /** false: the ordinary network (same layers, no masks, no filter losses). */
  interpretable: boolean;
  variant: 'authors' | 'paper';
  /** Channel width of the backbone (vgg-small at 1 has 64…256 filters). */
  width: number;
  /** Peak learning rate of the cosine schedule. */
  lr: number;
  /** Channels of the head's two hidden layers, and their dropout. */
  hidden: number;
  dropout: number;
  seed: number;
  /** Filters in the heat-map grid and images per filter. */
  shownFilters: number;
  shownImages: number;
}

export const DEFAULT_SETTINGS: TrainingSettings = {
  images: 480,
  epochs: 8,
  batch: 32,
  interpretable: true,
  variant: 'authors',
  width: 0.25,
  lr: 0.01,
  hidden: 128,
  dropout: 0.5,
  seed: 0,
  shownFilters: 4,
  shownImages: 4,
};

const SIZE = { width: 64, height: 64 };

export interface TrainingData {
  description: string;
  trainItems: number;
  /** The positives (once each, unmirrored) on which instability is measured, as evaluation batches. */
  evaluation: EvaluationBatch[];
  /** Each evaluation image's display pixels (RGB bytes, the crop before the mean is subtracted). */
  pixels: Uint8Array[];
  landmarkNames: string[];
  run: (epoch: number) => AsyncIterable<{ images: Float32Array; shape: readonly [number, number, number, 3]; labels: Float32Array }>;
}

/** PartWorld, split and normalised as SPEC §4 does real data: box crops, mirrored positives, 90/10 by object. */
export async function prepareTrainingData(settings: TrainingSettings): Promise<TrainingData> {
  const world = partWorld({ seed: settings.seed + 1, count: settings.images, categories: 3, size: SIZE.width });
  const [target] = world.categories;
  const samples = world.samples as Sample[];
  const positives = samples.filter((s) => s.category === target.name);
  const negatives = samples.filter((s) => s.category !== target.name);
  const set = singleCategorySet({ positives, negatives, seed: settings.seed, positiveShare: null });
  const load = memoryCropLoader(SIZE);
  const { mean } = await setMean(set.train, { load, size: SIZE });
  const evaluation: EvaluationBatch[] = [];
  const pixels: Uint8Array[] = [];
  const split = { categories: [target.name], items: positives.map((sample) => ({ sample, flip: false, classIndex: 0 })) };
  for await (const batch of batches(split, { batchSize: settings.batch, load, size: SIZE, mean })) {
    const cells = SIZE.width * SIZE.height * 3;
    batch.items.forEach((_, b) => pixels.push(Uint8Array.from(batch.images.subarray(b * cells, (b + 1) * cells), (v, i) => Math.round(v + mean[i]))));
    evaluation.push({
      images: { data: batch.images, shape: batch.shape },
      landmarks: batchLandmarks(batch, target.parts),
      ids: batch.items.map((item) => item.sample.id),
    });
  }
  return {
    description: `PartWorld '${target.name}' (${positives.length} images) against '${world.categories.slice(1).map((c) => c.name).join("', '")}' (${negatives.length})`,
    trainItems: set.train.items.length,
    evaluation,
    pixels,
    landmarkNames: target.parts,
    run: (epoch) => batches(set.train, { batchSize: settings.batch, load, size: SIZE, mean, shuffle: true, seed: settings.seed, epoch }),
  };
}

export interface FilterPicture {
  filter: number;
  instability: number;
  tiles: { image: number; map: Float32Array; mapShape: [number, number]; peak: readonly [number, number] }[];
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  classification: number;
  filterLoss: number;
  /** Training accuracy, running over the epoch. */
  accuracy: number;
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
  /** Location instability of the new conv layer's raw output (SPEC §6), lower is better. */
  instability: number;
  perFilter: number[];
  references: { mostFrequent: number; bestPosition: number; random: number } | null;
  /** Share of landmark position variance the peaks explain (R²): what fixed placement cannot fake. */
  partTracking: number | null;
  /** The steadiest filters (lowest instability), each on its top images. */
  filters: FilterPicture[];
  /** Cell → input-pixel geometry of the new conv layer (for drawing its maps over the images). */
  receptiveField: { stride: number; centre: number };
}

export interface TrainingCallbacks {
  signal?: AbortSignal;
  /** After each batch; a returned promise is awaited before the next batch (a page yields to its event loop here). */
  onBatch?: (progress: EpochProgress & { epochs: number; batches: number }) => void | Promise<void>;
  onEpoch?: (report: EpochReport) => void;
  /** Who computes the steps (the page's Web Workers); default: this thread. Closed when the run ends. */
  startWorkers?: (net: InterpretableNet, optimizer: Sgd) => Promise<{ step: BatchStep; close(): void }>;
}

export interface TrainingOutcome {
  completed: boolean;
  epochs: EpochReport[];
}

let backbonesRegistered = false;

export function buildNet(settings: TrainingSettings): InterpretableNet {
  if (!backbonesRegistered) {
    registerVggBackbones();
    backbonesRegistered = true;
  }
  return buildInterpretableNet({
    backbone: 'vgg-small',
    backboneOptions: { width: settings.width, inputSize: SIZE.width, seed: settings.seed },
    classes: 1,
    interpretable: settings.interpretable,
    variant: settings.variant,
    hidden: settings.hidden,
    dropout: settings.dropout,
    seed: settings.seed,
    // Trained from scratch: σ = 0.01 on four new layers (the paper's value, for a pretrained backbone) leaves the
    // logits ≈ 1e-3 and learning stalls; He initialisation learns PartWorld in a few epochs.
    newLayerStd: 'he',
  });
}

type EpochEvaluation = Pick<EpochReport, 'instability' | 'perFilter' | 'references' | 'partTracking' | 'filters' | 'receptiveField'>;

async function evaluateEpoch(net: InterpretableNet, data: TrainingData, settings: TrainingSettings): Promise<EpochEvaluation> {
  const forward = (x: tf.Tensor4D) => net.forward(x).newConvRaw;
  const receptiveField = { stride: net.tap.stride, centre: net.tap.receptiveField.centre };
  const evaluation = await evaluateFilters({
    forward,
    batches: data.evaluation,
    receptiveField,
    inputSize: [SIZE.height, SIZE.width],
    landmarkNames: data.landmarkNames,
    keepTop: settings.shownImages,
  });
  const perFilter = evaluation.instability.perFilter;
  const steadiest = perFilter
    .map((value, filter) => ({ filter, value }))
    .filter((f) => Number.isFinite(f.value))
    .sort((a, b) => a.value - b.value)
    .slice(0, settings.shownFilters);
  const pairs = steadiest.flatMap(({ filter }) => evaluation.topImages[filter].map((top) => ({ filter, image: top.index })));
  const maps = await filterMaps({
    forward: (x) => tf.relu(forward(x)) as tf.Tensor4D,
    pairs,
    loadImages: (indices) => imagesAt(data, indices),
  });
  const filters = steadiest.map(({ filter, value }) => ({
    filter,
    instability: value,
    tiles: evaluation.topImages[filter].map((top) => {
      const found = maps.find((m) => m.filter === filter && m.image === top.index)!;
      return { image: top.index, map: found.map, mapShape: found.mapShape, peak: top.peak };
    }),
  }));
  const refs = evaluation.references;
  return {
    instability: evaluation.instability.value,
    perFilter,
    references: refs ? { mostFrequent: refs.mostFrequent.value, bestPosition: refs.bestPosition.value, random: refs.random.value } : null,
    partTracking: evaluation.tracking ? evaluation.tracking.value.combined : null,
    filters,
    receptiveField,
  };
}

/** The evaluation images at running indices, as one input batch. */
function imagesAt(data: TrainingData, indices: number[]): { data: Float32Array; shape: [number, number, number, number] } {
  const cells = SIZE.width * SIZE.height * 3;
  const out = new Float32Array(indices.length * cells);
  indices.forEach((index, k) => {
    let rest = index;
    for (const batch of data.evaluation) {
      const { data: values, shape } = batch.images as { data: Float32Array; shape: readonly number[] };
      if (rest < shape[0]) {
        out.set(values.subarray(rest * cells, (rest + 1) * cells), k * cells);
        return;
      }
      rest -= shape[0];
    }
    throw new RangeError(`imagesAt: no evaluation image ${index}`);
  });
  return { data: out, shape: [indices.length, SIZE.height, SIZE.width, 3] };
}

/** Trains for `settings.epochs` (or until `signal` aborts), evaluating after each epoch; frees every tensor it made. */
export async function trainInPage(settings: TrainingSettings, data: TrainingData, callbacks: TrainingCallbacks = {}): Promise<TrainingOutcome> {
  const net = buildNet(settings);
  const optimizer = createNetOptimizer(net, { momentum: 0.9, weightDecay: 5e-4 });
  const batchesPerEpoch = Math.ceil(data.trainItems / settings.batch);
  const schedule = { kind: 'cosine' as const, lr: settings.lr, epochs: settings.epochs };
  const epochs: EpochReport[] = [];
  let workers: { step: BatchStep; close(): void } | undefined;
  try {
    workers = await callbacks.startWorkers?.(net, optimizer);
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const started = performance.now();
      const result = await runEpoch({
        net,
        optimizer,
        batches: data.run(epoch),
        epoch,
        schedule,
        batchesPerEpoch,
        seed: settings.seed,
        ...(workers ? { step: workers.step } : {}),
        ...(callbacks.signal ? { signal: callbacks.signal } : {}),
        onBatch: (progress) => callbacks.onBatch?.({ ...progress, epochs: settings.epochs, batches: batchesPerEpoch }),
      });
      if (!result.completed) return { completed: false, epochs };
      const seconds = (performance.now() - started) / 1000;
      const report: EpochReport = {
        epoch,
        epochs: settings.epochs,
        loss: result.loss,
        classification: result.classification,
        filterLoss: result.filterLoss,
        accuracy: result.accuracy,
        learningRate: result.learningRate,
        seconds,
        imagesPerSecond: result.images / seconds,
        ...(await evaluateEpoch(net, data, settings)),
      };
      epochs.push(report);
      callbacks.onEpoch?.(report);
      if (callbacks.signal?.aborted) return { completed: false, epochs };
    }
    return { completed: true, epochs };
  } finally {
    workers?.close();
    optimizer.dispose();
    net.dispose();
  }
}
