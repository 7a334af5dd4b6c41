// `icnn explain --checkpoint <run> --image a.jpg ...`: where the most part-like filters fire on new images. Each image
// (whole, resized to the input) gets a PNG named after it (-2, -3, … when two share a name): one heat map per filter
// over the picture, the peak's receptive-field centre marked, filters in the order of their location instability.
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { cropToInput } from '@icnn/datasets';
import { decodeImage } from '@icnn/datasets/node';
import { cellCentre } from '@icnn/metrics';
import { heatMapOverlay, peakGrid, rgbaFromPixels, type PeakTile } from '@icnn/metrics/render';
import { writePng } from '@icnn/metrics/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { loadRun } from '../run/loadRun';
import { checkOutFolder, claimOutFolder } from '../run/outFolder';
import { readJsonFile } from '../run/readJsonFile';
import { readRunMean } from '../run/saveRunExtras';

interface RecordLine {
  filter: number;
  instability: number | null;
}

/** The filters to show: the `count` most part-like by the run's filters.json, or the first ones (said on stderr). */
function filtersToShow(dir: string, count: number, channels: number): number[] {
  const path = join(dir, 'filters.json');
  if (!existsSync(path)) {
    const first = Array.from({ length: Math.min(count, channels) }, (_, i) => i);
    process.stderr.write(`explain: ${path} not found (the run stopped before its evaluation): showing filters ${first[0]}–${first.at(-1)} in channel order, not the most part-like\n`);
    return first;
  }
  const records = readJsonFile(path);
  const valid = (r: unknown): r is RecordLine => {
    const line = r as RecordLine;
    return Number.isInteger(line?.filter) && line.filter >= 0 && line.filter < channels && (line.instability === null || typeof line.instability === 'number');
  };
  if (!Array.isArray(records) || !records.every(valid)) {
    throw new ConfigError(`${path}: not this run's filter records (expected [{ filter: 0…${channels - 1}, instability: number | null }, …])`);
  }
  return records
    .filter((r) => r.instability !== null)
    .sort((a, b) => a.instability! - b.instability!)
    .slice(0, count)
    .map((r) => r.filter);
}

/** One PNG name per image: its file name, with -2, -3, … where two images share it (a/cat.jpg, b/cat.jpg). */
export function pictureNames(paths: readonly string[]): string[] {
  const used = new Set<string>();
  return paths.map((path) => {
    const stem = basename(path, extname(path));
    let name = stem;
    for (let k = 2; used.has(name); k++) name = `${stem}-${k}`;
    used.add(name);
    return `${name}.png`;
  });
}

export async function explainCommand(options: TrainerOptions): Promise<number> {
  if (options.checkpoint === undefined) throw new ConfigError(`explain needs --checkpoint <folder of a trained run>`);
  if (options.image === undefined) throw new ConfigError(`explain needs --image <file> (repeat or separate with commas)`);
  const out = options.out ?? join(options.checkpoint, 'explain');
  const outOption = options.out !== undefined ? '--out' : "explain's output folder";
  checkOutFolder(out, outOption);
  const run = await loadRun(options.checkpoint);
  try {
    const [height, width] = run.net.inputShape;
    const mean = readRunMean(options.checkpoint, height * width * 3);
    const filters = filtersToShow(options.checkpoint, options.filters, run.net.tap.channels);
    const geometry = { stride: run.net.tap.stride, centre: run.net.tap.receptiveField.centre };
    // Every image decoded before the first picture is written: a bad one stops the command with nothing written.
    const images = [];
    for (const path of options.image) {
      try {
        images.push(await decodeImage(path));
      } catch (error) {
        throw new ConfigError(`--image ${(error as Error).message}`);
      }
    }
    claimOutFolder(out, outOption);
    const names = pictureNames(options.image);
    for (const [index, image] of images.entries()) {
      const path = options.image[index];
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
      const file = join(out, names[index]);
      await writePng(file, peakGrid({ rows: [tiles], tile: Math.max(96, width), gap: 4 }));
      process.stdout.write(`${file}: filters ${filters.join(', ')}\n`);
    }
    return 0;
  } finally {
    run.net.dispose();
  }
}
