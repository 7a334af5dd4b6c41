// `npm start` (until the trainer app lands): train one small conv layer with the interpretable-CNN filter loss on
// the embedded WASM backend, and watch each filter's peak move onto the part.
import * as tf from '@tensorflow/tfjs-core';
import { filterLoss, filterLossTerms, partMask } from '@icnn/core';
import { initBackend } from '@icnn/runtime';
import { createTemplates } from '@icnn/templates';
import { asciiHeatmap } from './asciiHeatmap';
import { partImages } from './syntheticParts';

const SIZE = 32;
const FILTERS = 8;
const STEPS = 150;
const POOL = 4; // 32×32 → 8×8 maps

const info = await initBackend('wasm');
console.log(`backend: ${info.backend} (${info.device}, ${info.threads} thread(s), SIMD ${info.simd ? 'on' : 'off'})`);
const { images, centres } = partImages(48, SIZE, 7);
const n = SIZE / POOL;
const templates = createTemplates({ n });
const kernel = tf.variable(tf.randomNormal([5, 5, 1, FILTERS], 0, 0.2, 'float32', 1) as tf.Tensor4D);
const bias = tf.variable(tf.zeros([FILTERS]));
const features = () => tf.maxPool(tf.relu(tf.add(tf.conv2d(images, kernel, 1, 'same'), bias)) as tf.Tensor4D, POOL, POOL, 'valid');

/** Mean distance (in map cells) from each filter's peak to the part's cell, over images and filters. */
async function peakError(): Promise<number> {
  const peaks = tf.tidy(() => tf.argMax(tf.reshape(features(), [images.shape[0], n * n, FILTERS]), 1));
  const flat = await peaks.data();
  peaks.dispose();
  let total = 0;
  centres.forEach(([r, c], b) => {
    for (let f = 0; f < FILTERS; f++) {
      const k = flat[b * FILTERS + f];
      total += Math.abs(Math.floor(k / n) - Math.floor(r / POOL)) + Math.abs((k % n) - Math.floor(c / POOL));
    }
  });
  return total / (centres.length * FILTERS);
}

async function report(label: string): Promise<void> {
  const terms = tf.tidy(() => filterLossTerms(features(), templates));
  const [loss, inter, spatial] = await Promise.all([terms.loss, terms.interCategoryEntropy, terms.spatialEntropy].map((t) => tf.mean(t).data()));
  tf.dispose(Object.values(terms));
  console.log(
    `${label.padEnd(8)} −MI ${loss[0].toFixed(4)} (inter-category ${inter[0].toFixed(4)}, spatial ${spatial[0].toFixed(4)}), ` +
      `peak-to-part distance ${(await peakError()).toFixed(2)} cells`,
  );
}

await report('before');
const optimizer = tf.train.adam(0.02);
const started = performance.now();
for (let step = 1; step <= STEPS; step++) {
  const cost = optimizer.minimize(() => filterLoss(partMask(features()), templates) as tf.Scalar, true, [kernel, bias]);
  if (step % 30 === 0) console.log(`  step ${String(step).padStart(3)}: filter loss ${(await cost!.data())[0].toFixed(4)}`);
  cost?.dispose();
}
await report('after');
console.log(`${STEPS} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const example = tf.tidy(() => tf.slice(features(), [0, 0, 0, 0], [1, n, n, 1]));
const [r, c] = centres[0];
console.log(`\nfilter 0 on image 0 (brackets: the part):\n${asciiHeatmap(await example.data(), n, [Math.floor(r / POOL), Math.floor(c / POOL)])}`);
tf.dispose([example, images, kernel, bias]);
