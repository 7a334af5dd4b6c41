import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@icnn/test-utils';
import { seededRandom } from '@icnn/test-utils/numeric';
import { expect, it } from 'vitest';
import { evaluateFilters } from './evaluateFilters';
import type { EvaluationBatch } from './evaluationBatch';
import { instabilityReferences } from './instabilityReferences';
import { locationInstability } from './locationInstability';
import { partInterpretability } from './partInterpretability';
import { recordsToCsv } from './recordsToCsv';
import { recordsToJson } from './recordsToJson';
import type { Point } from './types';

// A 64×64 input, an 8×8 layer of stride 8 (cell (r, c) centred at 3.5 + 8·(c, r)). Channel 0 of each image holds a
// bump at the landmark, channel 1 a bump at a random pixel; the fake layer average-pools them (filter 0 tracks the
// landmark, filter 1 fires at random) and adds filter 2, always peaking at cell (4, 4).
const SIZE = 64;
const STRIDE = 8;
const CENTRE = 3.5;
const GEOMETRY = { stride: STRIDE, centre: CENTRE };
const cellOf = (v: number) => CENTRE + STRIDE * Math.floor(v / STRIDE);

function scene(images: number, seed: number) {
  const random = seededRandom(seed);
  const pixel = () => 8 + Math.floor(random() * 48);
  return Array.from({ length: images }, (_, i) => ({
    id: `img${i}`,
    landmark: [pixel(), pixel()] as Point,
    noise: [Math.floor(random() * SIZE), Math.floor(random() * SIZE)] as Point,
    amplitude: 1 + random(),
  }));
}
type Scene = ReturnType<typeof scene>;

function imageData(items: Scene): Float32Array {
  const data = new Float32Array(items.length * SIZE * SIZE * 2);
  items.forEach((item, b) => {
    data[((b * SIZE + item.landmark[1]) * SIZE + item.landmark[0]) * 2] = item.amplitude;
    data[((b * SIZE + item.noise[1]) * SIZE + item.noise[0]) * 2 + 1] = 2 - item.amplitude / 2;
  });
  return data;
}

function forward(x: tf.Tensor4D): tf.Tensor4D {
  const pooled = tf.avgPool(x, STRIDE, STRIDE, 'valid');
  const fixed = tf.reshape(tf.oneHot(tf.fill([x.shape[0]], 4 * 8 + 4, 'int32'), 64), [x.shape[0], 8, 8, 1]);
  return tf.concat([pooled, tf.mul(fixed, 0.01)], 3) as tf.Tensor4D;
}

async function* batchesOf(items: Scene, size: number, asTensor: boolean): AsyncGenerator<EvaluationBatch> {
  for (let start = 0; start < items.length; start += size) {
    const part = items.slice(start, start + size);
    const data = imageData(part);
    const shape = [part.length, SIZE, SIZE, 2] as const;
    yield {
      images: asTensor ? tf.tensor4d(data, [...shape]) : { data, shape },
      landmarks: part.map((item) => [item.landmark]),
      ids: part.map((item) => item.id),
    };
  }
}

describeBackends('evaluateFilters', () => {
  it('maps each filter peak to its cell centre and computes the metrics on those positions, leaking nothing', async () => {
    const items = scene(40, 3);
    for (const asTensor of [true, false]) {
      const before = tf.memory().numTensors;
      const got = await evaluateFilters({ forward, batches: batchesOf(items, 8, asTensor), receptiveField: GEOMETRY, inputSize: SIZE, keepTop: 3 });
      expect(tf.memory().numTensors, `tensors leaked (images as ${asTensor ? 'tensors' : 'arrays'})`).toBe(before);

      const expected: Point[][] = [
        items.map((item) => [cellOf(item.landmark[0]), cellOf(item.landmark[1])]),
        items.map((item) => [cellOf(item.noise[0]), cellOf(item.noise[1])]),
        items.map(() => [CENTRE + 4 * STRIDE, CENTRE + 4 * STRIDE]),
      ];
      expect(got.positions).toEqual(expected);
      expect(got.ids).toEqual(items.map((item) => item.id));
      expect(got.mapSize).toEqual({ height: 8, width: 8, filters: 3 });
      items.forEach((item, i) => expect(got.scores[0][i]).toBeCloseTo(item.amplitude / 64, 6));

      const reference = locationInstability({ positions: expected, scores: got.scores, landmarks: got.landmarks, diagonal: SIZE * Math.SQRT2 });
      expect(got.instability.perFilter).toEqual(reference.perFilter);
      const [tracking, random, fixed] = got.instability.perFilter;
      expect(tracking).toBeLessThan(fixed);
      expect(fixed).toBeLessThan(random);
      expect(got.tracking!.perFilter.combined[0]).toBeGreaterThan(0.9);
      expect(got.tracking!.perFilter.combined[2]).toBe(0);
      const candidates: Point[] = [];
      for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) candidates.push([CENTRE + c * STRIDE, CENTRE + r * STRIDE]);
      expect(got.references!.bestPosition.perFilter).toEqual(
        instabilityReferences({ positions: expected, scores: got.scores, landmarks: got.landmarks, diagonal: SIZE * Math.SQRT2, candidates }).bestPosition.perFilter,
      );

      // Top images: filter 0 ranks by landmark amplitude, with the peak at the landmark's cell.
      const order = items.map((item, i) => [item.amplitude, i] as const).sort((a, b) => b[0] - a[0]);
      expect(got.topImages[0].map((t) => t.id)).toEqual(order.slice(0, 3).map(([, i]) => items[i].id));
      expect(got.topImages[0][0].peak).toEqual(expected[0][order[0][1]]);

      expect(got.records).toHaveLength(3);
      expect(got.records[0].instability).toBe(tracking);
      expect(got.records[0].references.bestPosition).toBe(got.references!.bestPosition.perFilter[0]);
      expect(JSON.parse(recordsToJson(got.records))[2].r2.combined).toBe(0);
      expect(recordsToCsv(got.records).split('\n')[0]).toMatch(/^filter,category,bestPart,bestLandmark,instability,references\.mostFrequent/);
    }
  });

  it('accumulates part interpretability over batches exactly as on the whole set', async () => {
    const items = scene(24, 5);
    const masks = items.map((item) => {
      const mask = new Uint8Array(SIZE * SIZE);
      for (let y = item.landmark[1] - 6; y <= item.landmark[1] + 6; y++) for (let x = item.landmark[0] - 6; x <= item.landmark[0] + 6; x++) mask[y * SIZE + x] = 1;
      return [mask, null];
    });
    const thresholds = [0.004, 0.004, 0.005];
    async function* withMasks(): AsyncGenerator<EvaluationBatch> {
      let start = 0;
      for await (const batch of batchesOf(items, 5, true)) {
        yield { ...batch, partMasks: masks.slice(start, start + batch.landmarks.length) };
        start += batch.landmarks.length;
      }
    }
    const before = tf.memory().numTensors;
    const got = await evaluateFilters({ forward, batches: withMasks(), receptiveField: GEOMETRY, inputSize: [SIZE, SIZE], parts: { thresholds }, references: false });
    expect(tf.memory().numTensors).toBe(before);

    const all = tf.tidy(() => forward(tf.tensor4d(imageData(items), [items.length, SIZE, SIZE, 2])));
    const values = await all.data();
    all.dispose();
    const maps = [0, 1, 2].map((f) => items.map((_, i) => Float32Array.from({ length: 64 }, (_, c) => values[(i * 64 + c) * 3 + f])));
    const whole = partInterpretability({ maps, receptiveField: GEOMETRY, partMasks: masks, width: SIZE, height: SIZE, thresholds });
    expect(got.parts!.partImages).toEqual(whole.partImages);
    got.parts!.perFilterPart.forEach((row, f) => row.forEach((v, k) => (Number.isNaN(whole.perFilterPart[f][k]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(whole.perFilterPart[f][k], 12))));
    got.parts!.perFilterPartIoU.forEach((row, f) => row.forEach((v, k) => (Number.isNaN(whole.perFilterPartIoU[f][k]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(whole.perFilterPartIoU[f][k], 12))));
    expect(got.parts!.perFilter[0]).toBe(1);
    expect(got.records[0].partScore).toBe(1);
    expect(got.records[0].bestPart).toBe(0);
  });

  it("gives the 'authors' multi-category form each image's category from the batches", async () => {
    // Two categories: category 0 images (even) show landmark 0 (the filter-0 bump), category 1 images (odd)
    // landmark 1 (the filter-1 bump); the batches carry each image's category.
    const items = scene(30, 9);
    async function* withCategories(): AsyncGenerator<EvaluationBatch> {
      let start = 0;
      for await (const batch of batchesOf(items, 7, false)) {
        const part = items.slice(start, start + batch.landmarks.length);
        yield {
          ...batch,
          landmarks: part.map((item, b) => ((start + b) % 2 === 0 ? [item.landmark, null] : [null, item.noise])),
          categories: part.map((_, b) => (start + b) % 2),
        };
        start += part.length;
      }
    }
    const categories = { parts: [[0], [1]], form: 'authors' as const };
    const before = tf.memory().numTensors;
    const got = await evaluateFilters({ forward, batches: withCategories(), receptiveField: GEOMETRY, inputSize: SIZE, categories, references: false, tracking: false });
    expect(tf.memory().numTensors).toBe(before);
    const imageCategory = items.map((_, i) => i % 2);
    const reference = locationInstability({ positions: got.positions, scores: got.scores, landmarks: got.landmarks, diagonal: SIZE * Math.SQRT2, categories: { ...categories, imageCategory } });
    expect(got.instability.perFilter).toEqual(reference.perFilter);
    expect(got.instability.filterCategory).toEqual(reference.filterCategory);
    // Independently: each filter's category is the one with the highest mean max activation.
    const expectedCategory = got.scores.map((row) => {
      const mean = [0, 1].map((c) => {
        const values = Array.from(row).filter((_, i) => i % 2 === c);
        return values.reduce((a, b) => a + b, 0) / values.length;
      });
      return mean[1] > mean[0] ? 1 : 0;
    });
    expect(got.instability.filterCategory).toEqual(expectedCategory);
  });

  it('names bad batches and a bad forward, and still disposes', async () => {
    const items = scene(6, 1);
    const before = tf.memory().numTensors;
    async function* bad(): AsyncGenerator<EvaluationBatch> {
      yield* batchesOf(items.slice(0, 3), 3, true);
      yield { images: tf.zeros([3, SIZE, SIZE, 2]) as tf.Tensor4D, landmarks: [[null], [null]] };
    }
    await expect(evaluateFilters({ forward, batches: bad(), receptiveField: GEOMETRY, inputSize: SIZE })).rejects.toThrow(/'batches\[1\]\.landmarks' has 2 entries, expected 3/);
    await expect(
      evaluateFilters({ forward: (x) => tf.sum(x, 3) as unknown as tf.Tensor4D, batches: batchesOf(items, 3, true), receptiveField: GEOMETRY, inputSize: SIZE }),
    ).rejects.toThrow(/'forward' must return a Tensor4D/);
    await expect(evaluateFilters({ forward, batches: [], receptiveField: GEOMETRY, inputSize: SIZE })).rejects.toThrow(/'batches' held no images/);
    await expect(evaluateFilters({ forward, batches: [], receptiveField: { stride: 0, centre: 0 }, inputSize: SIZE })).rejects.toThrow(/'receptiveField\.stride'/);
    // The pass owns the batches' input tensors, the rejected one included.
    expect(tf.memory().numTensors).toBe(before);
  });
});
