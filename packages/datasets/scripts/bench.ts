// Benchmark (not a test): images/s from JPEG to a 224×224 normalised float32 NHWC batch, cold (decode, crop, resize,
// cache write) and cached (crops read back from the disk cache), on ../shared/data's ILSVRC Animal-Part fox objects
// and negatives; then how decoding scales with the number of crops loaded at once (sharp decodes on libuv's thread
// pool; results keep the input order): concurrency 1 vs 2 vs 8, cold, in alternating rounds (fox objects + 500
// negatives, and animal-crops). Run: npm run bench (in packages/datasets). Skips with a message when the data is absent.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapLimit } from '../src/batches/mapLimit';
import { batches, singleCategorySet, type SetSplit } from '../src/index';
import type { FileSample } from '../src/sample';
import { createFileCropLoader, loadIlsvrcAnimalPart, loadImageFolder, loadNegatives } from '../src/node';

const here = dirname(fileURLToPath(import.meta.url));
// From scripts/ or from the bundle's folder under node_modules/.cache: look upwards for the repository's ../shared.
function findData(): string | null {
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = resolve(dir, '../shared/data');
    if (existsSync(join(candidate, 'ilsvrc-animal-part'))) return candidate;
  }
  return null;
}

async function pass(split: SetSplit, load: ReturnType<typeof createFileCropLoader>['load'], mean: Float32Array): Promise<{ images: number; seconds: number }> {
  const start = performance.now();
  let images = 0;
  for await (const batch of batches(split, { batchSize: 32, load, size: { width: 224, height: 224 }, mean, prefetch: 2, concurrency: 8 })) {
    images += batch.shape[0];
  }
  return { images, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const data = findData();
  if (data === null) {
    console.log('bench: skipped: ../shared/data/ilsvrc-animal-part not found (the benchmark needs the real JPEGs)');
    return;
  }
  const { samples } = await loadIlsvrcAnimalPart({ imagesRoot: join(data, 'ilsvrc-animal-part/images'), partsRoot: join(data, 'ilsvrc-animal-part/parts'), categories: ['fox'] });
  const { samples: negatives } = await loadNegatives({ dir: join(data, 'negatives'), limit: 200 });
  // Each object once (no mirror or oversampling), so every image of the cold pass is a decode.
  const set = singleCategorySet({ positives: samples, negatives, seed: 0, positiveShare: null, flip: false, valFraction: 0 });
  const mean = new Float32Array(224 * 224 * 3).fill(117);
  const cacheDir = mkdtempSync(join(tmpdir(), 'icnn-bench-cache-'));
  try {
    const cold = createFileCropLoader({ size: { width: 224, height: 224 }, cacheDir });
    const a = await pass(set.train, cold.load, mean);
    const warm = createFileCropLoader({ size: { width: 224, height: 224 }, cacheDir });
    const b = await pass(set.train, warm.load, mean);
    const rate = (r: { images: number; seconds: number }) => (r.images / r.seconds).toFixed(0);
    console.log(`bench: ${a.images} images (${samples.length} fox objects, ${negatives.length} negatives) → 224×224 normalised NHWC, batch 32, ${availableParallelism()} CPUs`);
    console.log(`  cold   (decode + crop + resize + cache write): ${rate(a)} images/s (${a.seconds.toFixed(2)} s, ${cold.stats.decodes} decodes)`);
    console.log(`  cached (crops read from disk):                 ${rate(b)} images/s (${b.seconds.toFixed(2)} s, ${warm.stats.cacheHits} cache hits, ${warm.stats.decodes} decodes)`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const { samples: fiveHundred } = await loadNegatives({ dir: join(data, 'negatives'), limit: 500 });
  const folder = existsSync(join(data, 'animal-crops')) ? (await loadImageFolder({ root: join(data, 'animal-crops'), limit: 40 })).samples : [];
  await decodeScaling(`${samples.length} fox objects + ${fiveHundred.length} negatives`, [...samples, ...fiveHundred]);
  if (folder.length > 0) await decodeScaling(`animal-crops, ${folder.length} images (40 per class)`, folder);
}

/** Cold 64×64 crops (decode, crop, resize; no cache) at 1, 2 and 8 loads at once, alternating, 2 rounds; best of each. */
async function decodeScaling(name: string, samples: FileSample[]): Promise<void> {
  const levels = [1, 2, 8];
  const best = new Map<number, number>();
  for (let round = 0; round < 2; round++) {
    for (const concurrency of levels) {
      const loader = createFileCropLoader({ size: { width: 64, height: 64 } });
      const start = performance.now();
      await mapLimit(samples, concurrency, (sample) => loader.load(sample));
      const rate = samples.length / ((performance.now() - start) / 1000);
      best.set(concurrency, Math.max(best.get(concurrency) ?? 0, rate));
    }
  }
  const one = best.get(1)!;
  console.log(`decode scaling (${name}, cold 64×64 crops, best of 2 alternating rounds):`);
  console.log(`  ${levels.map((c) => `${c} at once ${best.get(c)!.toFixed(0)} images/s (×${(best.get(c)! / one).toFixed(2)})`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
