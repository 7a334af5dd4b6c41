// Part interpretability inside the evaluation pass: thresholds computed in bounded memory (streamed with the image
// count known, or on a second pass), IoU from on-device active cells, against the pure functions on the whole set.
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@icnn/test-utils';
import { seededRandom } from '@icnn/test-utils/numeric';
import { expect, it } from 'vitest';
import type { BatchFactory } from './batchSource';
import { evaluateFilters } from './evaluateFilters';
import type { EvaluationBatch } from './evaluationBatch';
import { filterMaps } from './filterMaps';
import { partInterpretability } from './partInterpretability';
import { partThresholds } from './partThresholds';
import { quantileThreshold } from './quantileThreshold';

// 16×16×3 random inputs; the layer is relu(avgPool2(x) − 0.55): [B, 8, 8, 3], stride 2, centre 0.5, many zeros.
const SIZE = 16;
const IMAGES = 37; // 37·64 = 2368 cells per filter → 11 above the threshold, odd last batch
const GEOMETRY = { stride: 2, centre: 0.5 };
const forward = (x: tf.Tensor4D) => tf.relu(tf.sub(tf.avgPool(x, 2, 2, 'valid'), 0.55)) as tf.Tensor4D;

function dataset(seed: number) {
  const random = seededRandom(seed);
  const pixels = Float32Array.from({ length: IMAGES * SIZE * SIZE * 3 }, () => random());
  // Part 0: a random rectangle; part 1: the top half on even images, absent on odd ones.
  const masks = Array.from({ length: IMAGES }, (_, i) => {
    const rect = new Uint8Array(SIZE * SIZE);
    const x0 = Math.floor(random() * 10);
    const y0 = Math.floor(random() * 10);
    for (let y = y0; y < y0 + 6; y++) for (let x = x0; x < x0 + 6; x++) rect[y * SIZE + x] = 1;
    const top = i % 2 === 0 ? Uint8Array.from({ length: SIZE * SIZE }, (_, p) => (p < (SIZE * SIZE) / 2 ? 1 : 0)) : null;
    return [rect, top];
  });
  return { pixels, masks };
}

function batchesOf(pixels: Float32Array, masks: (Uint8Array | null)[][], size: number, asTensor: boolean): BatchFactory {
  return async function* (): AsyncGenerator<EvaluationBatch> {
    for (let start = 0; start < IMAGES; start += size) {
      const count = Math.min(size, IMAGES - start);
      const data = pixels.slice(start * SIZE * SIZE * 3, (start + count) * SIZE * SIZE * 3);
      const shape = [count, SIZE, SIZE, 3] as const;
      yield {
        images: asTensor ? tf.tensor4d(data, [...shape]) : { data, shape },
        landmarks: Array.from({ length: count }, () => [null]),
        partMasks: masks.slice(start, start + count),
      };
    }
  };
}

/** Independently: every map of every filter, from one forward over the whole set. */
async function allMaps(pixels: Float32Array): Promise<Float32Array[][]> {
  const maps = tf.tidy(() => forward(tf.tensor4d(pixels, [IMAGES, SIZE, SIZE, 3])));
  const values = await maps.data();
  maps.dispose();
  return [0, 1, 2].map((f) => Array.from({ length: IMAGES }, (_, i) => Float32Array.from({ length: 64 }, (_, c) => values[(i * 64 + c) * 3 + f])));
}

const concat = (maps: Float32Array[]) => {
  const out = new Float64Array(maps.length * maps[0].length);
  maps.forEach((m, i) => out.set(m, i * m.length));
  return out;
};

describeBackends('evaluateFilters part interpretability', () => {
  it('streams exact per-filter thresholds (quantileThreshold of the concatenated maps), leaking nothing', async () => {
    const { pixels, masks } = dataset(3);
    const maps = await allMaps(pixels);
    for (const quantile of [0.995, 0.9, 0.6]) {
      const expected = maps.map((m) => quantileThreshold(concat(m), quantile));
      const before = tf.memory().numTensors;
      const got = await partThresholds({ forward, batches: batchesOf(pixels, masks, 6, true)(), images: IMAGES, quantile });
      expect(tf.memory().numTensors).toBe(before);
      expect(got).toEqual(expected);
    }
    // At 0.6 the threshold falls among the ReLU zeros: ties are kept as separate entries.
    expect(maps.map((m) => quantileThreshold(concat(m), 0.6))).toContain(0);
    await expect(partThresholds({ forward, batches: batchesOf(pixels, masks, 6, true)(), images: IMAGES + 1 })).rejects.toThrow(/'images' is 38, but the batches held 37 images/);
    await expect(partThresholds({ forward, batches: batchesOf(pixels, masks, 6, false)(), images: 10 })).rejects.toThrow(/'images' is 10, but the batches hold more images \(12 by batches\[1\]\)/);
  });

  it('computes thresholds and IoU in two or three passes exactly as the pure function on the whole set', async () => {
    const { pixels, masks } = dataset(5);
    const maps = await allMaps(pixels);
    // Radius 3 (28-pixel discs) and the 0.95 quantile give some matches with the 36-pixel rectangles.
    const whole = partInterpretability({ maps, receptiveField: GEOMETRY, partMasks: masks, width: SIZE, height: SIZE, radius: 3, quantile: 0.95 });
    expect(whole.perFilter.some((p) => p > 0)).toBe(true);
    for (const images of [IMAGES, undefined]) {
      let passes = 0;
      const factory = batchesOf(pixels, masks, 8, true);
      const batches = () => {
        passes++;
        return factory();
      };
      const before = tf.memory().numTensors;
      const got = await evaluateFilters({ forward, batches, receptiveField: GEOMETRY, inputSize: SIZE, parts: { images, radius: 3, quantile: 0.95 }, references: false, tracking: false });
      expect(tf.memory().numTensors).toBe(before);
      expect(passes).toBe(images === undefined ? 3 : 2);
      const parts = got.parts!;
      expect(parts.thresholds).toEqual(whole.thresholds);
      expect(parts.partImages).toEqual(whole.partImages);
      expect(parts.perFilterPart).toEqual(whole.perFilterPart);
      parts.perFilterPartIoU.forEach((row, f) => row.forEach((v, k) => expect(v).toBeCloseTo(whole.perFilterPartIoU[f][k], 12)));
      expect(parts.perFilter).toEqual(whole.perFilter);
      expect(parts.value).toBeCloseTo(whole.value, 12);
      expect(got.records.map((r) => r.partScore)).toEqual(whole.perFilter);
    }
  });

  it('needs a re-iterable dataset to compute thresholds, and names a dataset that changes between passes', async () => {
    const { pixels, masks } = dataset(1);
    const before = tf.memory().numTensors;
    await expect(evaluateFilters({ forward, batches: batchesOf(pixels, masks, 8, false)(), receptiveField: GEOMETRY, inputSize: SIZE, parts: {} })).rejects.toThrow(
      /'parts\.thresholds' is absent.*'batches' must be a function returning a fresh iterable/,
    );
    let call = 0;
    await expect(
      evaluateFilters({ forward, batches: () => (call++ === 0 ? batchesOf(pixels, masks, 8, true)() : []), receptiveField: GEOMETRY, inputSize: SIZE, parts: { images: IMAGES } }),
    ).rejects.toThrow(/gave 0 images on the IoU pass, 37 on the first/);
    await expect(evaluateFilters({ forward, batches: batchesOf(pixels, masks, 8, true), receptiveField: GEOMETRY, inputSize: SIZE, parts: { images: 0 } })).rejects.toThrow(/'parts\.images' must be a positive integer, got 0/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reruns forward for chosen (filter, image) maps in small batches', async () => {
    const { pixels } = dataset(2);
    const maps = await allMaps(pixels);
    const pairs = [
      { filter: 2, image: 30 },
      { filter: 0, image: 1 },
      { filter: 1, image: 30 },
      { filter: 0, image: 12 },
    ];
    const loads: number[][] = [];
    const loadImages = (indices: number[]) => {
      loads.push(indices);
      const data = new Float32Array(indices.length * SIZE * SIZE * 3);
      indices.forEach((i, b) => data.set(pixels.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3), b * SIZE * SIZE * 3));
      return tf.tensor4d(data, [indices.length, SIZE, SIZE, 3]);
    };
    const before = tf.memory().numTensors;
    const got = await filterMaps({ forward, pairs, loadImages, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(loads).toEqual([[1, 12], [30]]);
    got.forEach((m, p) => {
      expect([m.filter, m.image, m.mapShape]).toEqual([pairs[p].filter, pairs[p].image, [8, 8]]);
      expect(m.map).toEqual(maps[pairs[p].filter][pairs[p].image]);
    });
    await expect(filterMaps({ forward, pairs: [{ filter: 3, image: 0 }], loadImages })).rejects.toThrow(/'pairs\[0\]\.filter' is 3, but 'forward' gives 3 filters/);
    await expect(filterMaps({ forward, pairs: [{ filter: 0, image: -1 }], loadImages })).rejects.toThrow(/'pairs\[0\]\.image' must be a non-negative integer, got -1/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
