// End to end: two fake networks over a synthetic dataset → evaluateFilters → pictures → PNG files, records and one
// HTML report in a temporary folder (or in $ICNN_REPORT_OUT, to look at).
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends } from '@icnn/test-utils';
import { seededRandom } from '@icnn/test-utils/numeric';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { evaluateFilters } from './evaluateFilters';
import { filterMaps } from './filterMaps';
import type { EvaluationBatch } from './evaluationBatch';
import { writePng } from './node/writePng';
import { encodePng } from './render/encodePng';
import { writeRecords } from './node/writeRecords';
import { writeReport } from './node/writeReport';
import { heatMapOverlay } from './render/heatMapOverlay';
import type { ReportFigure } from './render/htmlReport';
import { instabilityChart } from './render/instabilityChart';
import { peakGrid } from './render/peakGrid';
import { rgbaFromPixels } from './render/rgbaImage';
import { decodePng } from './testing/decodePng';
import type { Point } from './types';

const SIZE = 64;
const GEOMETRY = { stride: 8, centre: 3.5 };
const IMAGES = 48;

/** Grey-green noise with a red disc (the "part") at a random landmark. */
function dataset(seed: number) {
  const random = seededRandom(seed);
  const pixels = new Float32Array(IMAGES * SIZE * SIZE * 3);
  const landmarks: Point[] = [];
  for (let b = 0; b < IMAGES; b++) {
    const l: Point = [12 + Math.floor(random() * 40), 12 + Math.floor(random() * 40)];
    landmarks.push(l);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const p = ((b * SIZE + y) * SIZE + x) * 3;
        const inDisc = (x - l[0]) ** 2 + (y - l[1]) ** 2 <= 25;
        pixels[p] = inDisc ? 0.95 : 0.3 + 0.1 * random();
        pixels[p + 1] = inDisc ? 0.1 : 0.3 + 0.4 * random();
        pixels[p + 2] = inDisc ? 0.1 : 0.3 + 0.2 * random();
      }
    }
  }
  return { pixels, landmarks };
}

// "interpretable": filters 0–1 respond to red (the part), 2 to red minus green; "ordinary": to green, blue, and a
// fixed central bias plus noise. Raw conv-like outputs [B, 8, 8, 3].
const interpretable = (x: tf.Tensor4D) => {
  const [r, g] = tf.split(x, 3, 3);
  const red = tf.avgPool(tf.sub(r, tf.mul(g, 0.5)) as tf.Tensor4D, 8, 8, 'valid');
  return tf.concat([red, tf.avgPool(r as tf.Tensor4D, 8, 8, 'valid'), tf.avgPool(tf.sub(r, g) as tf.Tensor4D, 8, 8, 'valid')], 3) as tf.Tensor4D;
};
const ordinary = (x: tf.Tensor4D) => {
  const [, g, b] = tf.split(x, 3, 3);
  const centre = tf.reshape(tf.oneHot(tf.fill([x.shape[0]], 27, 'int32'), 64), [x.shape[0], 8, 8, 1]);
  const green = tf.avgPool(g as tf.Tensor4D, 8, 8, 'valid');
  return tf.concat([green, tf.avgPool(b as tf.Tensor4D, 8, 8, 'valid'), tf.add(tf.mul(centre, 0.2), green)], 3) as tf.Tensor4D;
};

async function* batches(pixels: Float32Array, landmarks: Point[]): AsyncGenerator<EvaluationBatch> {
  for (let start = 0; start < IMAGES; start += 16) {
    const data = pixels.slice(start * SIZE * SIZE * 3, (start + 16) * SIZE * SIZE * 3);
    yield { images: { data, shape: [16, SIZE, SIZE, 3] }, landmarks: landmarks.slice(start, start + 16).map((l) => [l]), ids: landmarks.slice(start, start + 16).map((_, i) => `img${start + i}`) };
  }
}

describeBackends(
  'report (end to end)',
  () => {
    it('writes PNGs, records and a self-contained HTML report that decode and hold every part', async () => {
      const out = process.env.ICNN_REPORT_OUT ?? (await mkdtemp(join(tmpdir(), 'icnn-report-')));
      const { pixels, landmarks } = dataset(11);
      const imageOf = (i: number) => rgbaFromPixels(pixels.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3), SIZE, SIZE, 3);
      const runs = [];
      const series = [];
      for (const [name, forward] of [['ordinary', ordinary], ['interpretable', interpretable]] as const) {
        const evaluation = await evaluateFilters({ forward, batches: batches(pixels, landmarks), receptiveField: GEOMETRY, inputSize: SIZE, keepTop: 6, landmarkNames: ['part'] });
        await writeRecords(join(out, `${name}-records`), evaluation.records);
        // Heat maps of each filter on its top images: forward is rerun on those images only, in small batches.
        const pairs = evaluation.topImages.flatMap((list, filter) => list.map((t) => ({ filter, image: t.index })));
        const loadImages = (indices: number[]) => {
          const data = new Float32Array(indices.length * SIZE * SIZE * 3);
          indices.forEach((i, b) => data.set(pixels.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3), b * SIZE * SIZE * 3));
          return { data, shape: [indices.length, SIZE, SIZE, 3] as const };
        };
        const before = tf.memory().numTensors;
        const maps = await filterMaps({ forward, pairs, loadImages, batchSize: 4 });
        expect(tf.memory().numTensors).toBe(before);
        const filterFigures: Record<number, ReportFigure[]> = {};
        for (let f = 0; f < evaluation.mapSize.filters; f++) {
          const top = evaluation.topImages[f];
          const strip = peakGrid({ rows: [top.map((t) => ({ image: imageOf(t.index), peak: t.peak }))], tile: 64, gap: 2 });
          const heats = maps
            .filter((m) => m.filter === f)
            .map((m) => heatMapOverlay({ image: imageOf(m.image), map: m.map, mapShape: m.mapShape, receptiveField: GEOMETRY, alpha: 0.55 }));
          const heatStrip = peakGrid({ rows: [heats.map((image, i) => ({ image, peak: top[i].peak }))], tile: 64, gap: 2 });
          await writePng(join(out, `${name}-filter${f}-heat.png`), heats[0]);
          await writePng(join(out, `${name}-filter${f}-heat-top.png`), heatStrip);
          filterFigures[f] = [
            { png: encodePng(heatStrip), caption: 'heat maps on the top images, peak ringed' },
            { png: encodePng(strip), caption: 'top images, peak ringed' },
          ];
        }
        const refs = evaluation.references!;
        runs.push({
          name,
          records: evaluation.records,
          instability: evaluation.instability.value,
          references: { mostFrequent: refs.mostFrequent.value, bestPosition: refs.bestPosition.value, random: refs.random.value },
          tracking: evaluation.tracking!.value.combined,
          filterFigures,
        });
        series.push({ name, perFilter: evaluation.instability.perFilter, references: runs[runs.length - 1].references });
      }
      expect(runs[1].instability).toBeLessThan(runs[0].instability);
      const chart = instabilityChart({ title: 'Per-filter location instability', series });
      const html = await writeReport(join(out, 'report.html'), {
        title: 'Interpretable CNN: synthetic check',
        description: 'Two fake layers on 48 synthetic 64×64 images with a red part.',
        figures: [{ svg: chart, caption: 'Dots: filters; dashed lines: each run’s fixed-placement references.' }],
        runs,
      });
      expect((await readFile(join(out, 'report.html'), 'utf8')) === html).toBe(true);
      expect(html.match(/data:image\/png;base64,/g)).toHaveLength(12);
      const heat = decodePng(new Uint8Array(await readFile(join(out, 'interpretable-filter0-heat.png'))));
      expect([heat.width, heat.height]).toEqual([SIZE, SIZE]);
      expect((await readFile(join(out, 'ordinary-records.csv'), 'utf8')).split('\n')).toHaveLength(5);
      expect(JSON.parse(await readFile(join(out, 'interpretable-records.json'), 'utf8'))).toHaveLength(3);
    });
  },
  ['cpu'],
);
