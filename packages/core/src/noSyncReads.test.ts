// What the loss core runs in a training step, on a backend that refuses synchronous reads (as WebGPU in Node does):
// each must run without one and give what the cpu backend gives on the same values.
import * as tf from '@tensorflow/tfjs-core';
import { createTemplates } from '@icnn/templates';
import { describeBackends, relativeError } from '@icnn/test-utils';
import { beforeAll, expect, it } from 'vitest';
import { betaGradient } from './gradients/betaLearning';
import { filterLoss } from './ops/filterLoss';
import { filterLossTerms } from './ops/filterLossTerms';
import { partMask } from './ops/partMask';
import { createCategoryEma, updateCategoryEma } from './categories/filterCategories';
import { blobMaps } from './testing/randomMaps';
import { SYNC_READ_REFUSING, useSyncReadRefusingBackend } from './testing/syncReadRefusingBackend';

const B = 6;
const N = 5;
const C = 4;
let mapValues: Float32Array;
const singleLabels = [1, -1, 1, 1, -1, 1];
const multiLabels = [1, -1, -1, 1, -1, 1, -1, 1, -1, 1, -1, -1, -1, 1, 1, 1, -1, -1]; // [B, 3]
const categories = [0, 2, 1, 2];

/** Each output of `compute` (values and gradients) on a fresh copy of the inputs, read back asynchronously. */
async function run(compute: (x: tf.Tensor4D) => tf.Tensor[]): Promise<Float32Array[]> {
  const x = tf.tensor4d(mapValues, [B, N, N, C]);
  const outputs = tf.tidy(() => compute(x)); // templates and labels made inside go too
  const values = await Promise.all(outputs.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose([x, ...outputs]);
  return values;
}

/** Value and gradient of sum(f(x) ∘ w) for a fixed w, so that the gradient of each output element counts. */
function valueAndGradient(f: (x: tf.Tensor4D) => tf.Tensor): (x: tf.Tensor4D) => tf.Tensor[] {
  return (x) => {
    const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => {
      const y = f(v as tf.Tensor4D);
      const w = tf.reshape(tf.range(1, y.size + 1), y.shape);
      return tf.sum(tf.mul(y, tf.sin(w)));
    })(x);
    return [value, grad];
  };
}

const CASES: [string, (x: tf.Tensor4D) => tf.Tensor[]][] = [
  ['partMask paper', valueAndGradient((x) => partMask(x))],
  ['partMask authors, β a tensor', valueAndGradient((x) => partMask(x, { variant: 'authors', beta: tf.fill([C], 2.5) as tf.Tensor1D }))],
  ['filterLoss exact', valueAndGradient((x) => filterLoss(x, createTemplates({ n: N }), { reduction: 'none' }))],
  ['filterLoss paper, one category', valueAndGradient((x) => filterLoss(x, createTemplates({ n: N }), { gradient: 'paper', labels: tf.tensor1d(singleLabels) }))],
  [
    'filterLoss authors, categories as a tensor',
    valueAndGradient((x) =>
      filterLoss(x, createTemplates({ n: N }), {
        gradient: 'authors',
        labels: tf.tensor2d(multiLabels, [B, 3]),
        filterCategories: tf.tensor1d(categories, 'int32'),
        epoch: 2,
      }),
    ),
  ],
  ['filterLossTerms', (x) => Object.values(filterLossTerms(x, createTemplates({ n: N })))],
  [
    'betaGradient, categories as a tensor',
    (x) => [betaGradient(x, tf.fill([C], 2) as tf.Tensor1D, { labels: tf.tensor2d(multiLabels, [B, 3]), filterCategories: tf.tensor1d(categories, 'int32') })],
  ],
];

describeBackends(
  'the loss core without synchronous reads',
  () => {
    beforeAll(() => {
      const { maps, x } = blobMaps(7, B, N, C, 3);
      mapValues = Float32Array.from(maps.data);
      x.dispose();
    });

    for (const [name, compute] of CASES) {
      it(name, async () => {
        await tf.setBackend('cpu');
        const reference = await run(compute);
        await useSyncReadRefusingBackend();
        const refusing = await run(compute);
        await tf.setBackend('cpu');
        expect(refusing.length).toBe(reference.length);
        refusing.forEach((values, i) => expect(relativeError(Array.from(values), Array.from(reference[i])), `output ${i}`).toBeLessThanOrEqual(1e-6));
      });
    }

    it('updates the category EMA', async () => {
      const update = async () => {
        const ema = createCategoryEma(C, 3);
        const x = tf.tensor4d(mapValues, [B, N, N, C]);
        const labels = tf.tensor2d(multiLabels, [B, 3]);
        const assigned = await updateCategoryEma(ema, x, labels);
        tf.dispose([x, labels]);
        return { assigned: Array.from(assigned), values: Array.from(ema.values) };
      };
      await tf.setBackend('cpu');
      const reference = await update();
      await useSyncReadRefusingBackend();
      expect(await update()).toEqual(reference);
      await tf.setBackend('cpu');
    });

    it('says why checkFinite: true cannot run there', async () => {
      await useSyncReadRefusingBackend();
      const x = tf.tensor4d(mapValues, [B, N, N, C]);
      const templates = createTemplates({ n: N });
      expect(() => filterLoss(x, templates, { checkFinite: true })).toThrow(
        new RegExp(`filterLoss: checkFinite needs a synchronous read of 'x', which the '${SYNC_READ_REFUSING}' backend refused \\(synchronous read refused\\)`),
      );
      await tf.setBackend('cpu');
    });

    it('still checks the values of tensor categories where reads are synchronous', () => {
      const x = tf.tensor4d(mapValues, [B, N, N, C]);
      expect(() =>
        filterLoss(x, createTemplates({ n: N }), { gradient: 'authors', labels: tf.tensor2d(multiLabels, [B, 3]), filterCategories: tf.tensor1d([0, 1, 3, 0], 'int32') }),
      ).toThrow(/'filterCategories'\[2\] = 3 is not a label column in \[0, 3\)/);
    });
  },
  ['cpu'],
);
