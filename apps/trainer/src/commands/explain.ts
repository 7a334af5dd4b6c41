// `icnn explain --checkpoint <run> --image a.jpg ...`: where the most part-like filters fire on new images. Each image
// (whole, resized to the input) gets a PNG: one heat map per filter over the picture, the peak's receptive-field
// centre marked, filters in the order of their location instability.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { cropToInput } from '@icnn/datasets';
import { decodeImage } from '@icnn/datasets/node';
import { cellCentre } from '@icnn/metrics';
import { heatMapOverlay, peakGrid, rgbaFromPixels, type PeakTile } from '@icnn/metrics/render';
import { writePng } from '@icnn/metrics/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { loadRun } from '../run/loadRun';
import { readRunMean } from '../run/saveRunExtras';

interface RecordLine {
  filter: number;
  instability: number | null;
}

function filtersToShow(dir: string, count: number, channels: number): number[] {
  const path = join(dir, 'filters.json');
  if (!existsSync(path)) return Array.from({ length: Math.min(count, channels) }, (_, i) => i);
  const records = JSON.parse(readFileSync(path, 'utf8')) as RecordLine[];
  return records
    .filter((r) => r.instability !== null)
    .sort((a, b) => a.instability! - b.instability!)
    .slice(0, count)
    .map((r) => r.filter);
}

export async function explainCommand(options: TrainerOptions): Promise<number> {
  if (options.checkpoint === undefined) throw new ConfigError(`explain needs --checkpoint <folder of a trained run>`);
  if (options.image === undefined) throw new ConfigError(`explain needs --image <file> (repeat or separate with commas)`);
  const run = await loadRun(options.checkpoint);
  const out = options.out ?? join(options.checkpoint, 'explain');
  mkdirSync(out, { recursive: true });
  try {
    const [height, width] = run.net.inputShape;
    const mean = readRunMean(options.checkpoint, height * width * 3);
    const filters = filtersToShow(options.checkpoint, options.filters, run.net.tap.channels);
    const geometry = { stride: run.net.tap.stride, centre: run.net.tap.receptiveField.centre };
    for (const path of options.image) {
      const image = await decodeImage(path);
      const box = { xmin: 0, ymin: 0, xmax: image.width - 1, ymax: image.height - 1 };
      const crop = cropToInput(image, { id: path, bbox: box, landmarks: {} }, { width, height });
      const maps = tf.tidy(() => {
        const pixels = tf.sub(tf.tensor3d(Float32Array.from(crop.image.data), [height, width, 3]), tf.tensor3d(mean, [height, width, 3]));
        return run.net.forward(tf.expandDims(pixels, 0) as tf.Tensor4D).newConvRaw;
      });
      const [, n, m, channels] = maps.shape;
      const values = await maps.data();
      maps.dispose();
      const picture = rgbaFromPixels(crop.image.data, height, width, 3, [0, 255]);
      const tiles: PeakTile[] = filters.map((filter) => {
        const map = new Float32Array(n * m);
        let best = 0;
        for (let cell = 0; cell < n * m; cell++) {
          map[cell] = values[cell * channels + filter];
          if (map[cell] > map[best]) best = cell;
        }
        const overlay = heatMapOverlay({ image: picture, map, mapShape: [n, m], receptiveField: geometry });
        return { image: overlay, peak: cellCentre(geometry, Math.floor(best / m), best % m) };
      });
      const file = join(out, `${basename(path, extname(path))}.png`);
      await writePng(file, peakGrid({ rows: [tiles], tile: Math.max(96, width), gap: 4 }));
      process.stdout.write(`${file}: filters ${filters.join(', ')}\n`);
    }
    return 0;
  } finally {
    run.net.dispose();
  }
}
