import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/tempDirs';
import { ILSVRC_ANIMAL_PART_WNIDS, loadIlsvrcAnimalPart } from './ilsvrcAnimalPart';
import type { FileSample } from '../sample';

const data = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/ilsvrc-animal-part');
const imagesRoot = join(data, 'images');
const partsRoot = join(data, 'parts');
const present = existsSync(join(imagesRoot, 'n02118333_obj', 'img', 'data.mat'));
const absent = !present;
const reason = `needs ../shared/data/ilsvrc-animal-part (not found at ${data})`;

// Objects per category (the README's counts) and entries of truth_part01 / truth_part02 holding one [h; w] centre,
// counted once with countValid below (h5wasm's own dereference, slow: ≈ 2.5 s a file, so the test recounts fox only).
const TRUTH: Record<string, { objects: number; head: number; legs: number }> = {
  fox: { objects: 286, head: 211, legs: 143 },
  bear: { objects: 380, head: 198, legs: 138 },
  squirrel: { objects: 276, head: 215, legs: 207 },
  swine: { objects: 240, head: 164, legs: 118 },
  cattle: { objects: 230, head: 177, legs: 112 },
  sheep: { objects: 217, head: 159, legs: 95 },
};

type Dataset = InstanceType<typeof h5wasm.Dataset>;

/** Independent count, straight from h5wasm: entries of truth.pHW_center stored as one [h; w] (HDF5 shape [1, 2]). */
async function countValid(path: string): Promise<{ entries: number; valid: number }> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  try {
    const refs = (file.get('truth/pHW_center') as Dataset).value as unknown[];
    let valid = 0;
    for (const ref of refs) {
      const target = file.dereference(ref as Parameters<typeof file.dereference>[0]) as unknown as Dataset;
      if (target.attrs['MATLAB_empty'] === undefined && JSON.stringify(target.shape) === '[1,2]') valid++;
    }
    return { entries: refs.length, valid };
  } finally {
    file.close();
  }
}

describe.skipIf(absent)(`loadIlsvrcAnimalPart on the real data (${present ? 'present' : reason})`, () => {
  let samples: FileSample[] = [];
  beforeAll(async () => {
    ({ samples } = await loadIlsvrcAnimalPart({ imagesRoot, partsRoot, categories: Object.keys(TRUTH) }));
  });

  for (const [name, truth] of Object.entries(TRUTH)) {
    it(`${name}: ${truth.objects} objects, ${truth.head} with a head, ${truth.legs} with legs, every landmark inside its box`, () => {
      const mine = samples.filter((s) => s.category === ILSVRC_ANIMAL_PART_WNIDS[name]);
      expect(mine.length).toBe(truth.objects);
      expect(mine.filter((s) => s.landmarks.head !== null).length).toBe(truth.head);
      expect(mine.filter((s) => s.landmarks.legs !== null).length).toBe(truth.legs);
      for (const s of mine) {
        for (const point of Object.values(s.landmarks)) {
          if (point === null) continue;
          expect(point[0]).toBeGreaterThanOrEqual(s.bbox.xmin);
          expect(point[0]).toBeLessThanOrEqual(s.bbox.xmax);
          expect(point[1]).toBeGreaterThanOrEqual(s.bbox.ymin);
          expect(point[1]).toBeLessThanOrEqual(s.bbox.ymax);
        }
      }
    });
  }

  it('agrees with an independent count of the fox truth files', async () => {
    const wnid = ILSVRC_ANIMAL_PART_WNIDS.fox;
    const fox = samples.filter((s) => s.category === wnid);
    for (const [landmark, file] of [['head', 'truth_part01.mat'], ['legs', 'truth_part02.mat']] as const) {
      const count = await countValid(join(partsRoot, wnid, file));
      expect(count.entries).toBe(fox.length);
      expect(fox.filter((s) => s.landmarks[landmark] !== null).length).toBe(count.valid);
    }
  });

  it('points every sample at an existing image', () => {
    for (const s of samples) expect(existsSync(s.imagePath), s.imagePath).toBe(true);
  });

  it('maps the first fox head by the README formula (0-based)', () => {
    const fox = samples.find((s) => s.id === 'n02118333/00001')!;
    // data.mat: xmin 35, xmax 216, ymin 129, ymax 271; truth_part01: pHW_center = [52.5; 190].
    expect(fox.bbox).toEqual({ xmin: 34, ymin: 128, xmax: 215, ymax: 270 });
    expect(fox.landmarks.head![0]).toBeCloseTo(35 + (190 / 224) * (216 - 35) - 1, 9);
    expect(fox.landmarks.head![1]).toBeCloseTo(129 + (52.5 / 224) * (271 - 129) - 1, 9);
    expect(fox.imagePath.endsWith(join('n02118333_obj', 'img', 'img', '00001.jpg'))).toBe(true);
  });
});

describe.skipIf(absent)(`loadIlsvrcAnimalPart errors (${present ? 'present' : reason})`, () => {
  /** A copy of the fox category's layout in a temp dir, with links to the real files, and one file replaced. */
  function fixture(replace?: { relative: string; bytes: Uint8Array }): { images: string; parts: string; replaced: string } {
    const root = tempDir('icnn-ilsvrc-');
    const images = join(root, 'images');
    const parts = join(root, 'parts');
    mkdirSync(join(images, 'n02118333_obj', 'img'), { recursive: true });
    mkdirSync(join(parts, 'n02118333'), { recursive: true });
    symlinkSync(join(imagesRoot, 'n02118333_obj', 'img', 'img'), join(images, 'n02118333_obj', 'img', 'img'));
    copyFileSync(join(imagesRoot, 'n02118333_obj', 'img', 'data.mat'), join(images, 'n02118333_obj', 'img', 'data.mat'));
    for (const f of ['truth_part01.mat', 'truth_part02.mat']) copyFileSync(join(partsRoot, 'n02118333', f), join(parts, 'n02118333', f));
    const replaced = replace ? join(root, replace.relative) : '';
    if (replace) writeFileSync(replaced, replace.bytes);
    return { images, parts, replaced };
  }

  it('names a missing file', async () => {
    await expect(loadIlsvrcAnimalPart({ imagesRoot, partsRoot: join(partsRoot, 'nowhere'), categories: ['fox'] })).rejects.toThrow(
      /nowhere[/\\]n02118333[/\\]truth_part01\.mat: file not found/,
    );
  });

  it('takes a category without a part file as not annotated for that part (goldfish has heads only)', async () => {
    const { images, parts } = fixture();
    rmSync(join(parts, 'n02118333', 'truth_part02.mat'));
    const { samples } = await loadIlsvrcAnimalPart({ imagesRoot: images, partsRoot: parts, categories: ['fox'] });
    expect(samples).toHaveLength(TRUTH.fox.objects);
    expect(samples.every((s) => s.landmarks.legs === null)).toBe(true);
    expect(samples.filter((s) => s.landmarks.head !== null)).toHaveLength(TRUTH.fox.head);
  });

  it('names a truncated .mat file', async () => {
    const bytes = readFileSync(join(partsRoot, 'n02118333', 'truth_part02.mat')).subarray(0, 300_000);
    const { images, parts, replaced } = fixture({ relative: 'parts/n02118333/truth_part02.mat', bytes });
    const load = loadIlsvrcAnimalPart({ imagesRoot: images, partsRoot: parts, categories: ['fox'] });
    await expect(load).rejects.toThrow(replaced);
    await expect(loadIlsvrcAnimalPart({ imagesRoot: images, partsRoot: parts, categories: ['fox'] })).rejects.toThrow(/truncated/);
  });

  it('names a file that is not HDF5', async () => {
    const { images, parts, replaced } = fixture({ relative: 'images/n02118333_obj/img/data.mat', bytes: new TextEncoder().encode('MATLAB 5.0 MAT-file, not v7.3') });
    await expect(loadIlsvrcAnimalPart({ imagesRoot: images, partsRoot: parts, categories: ['fox'] })).rejects.toThrow(replaced);
  });

  it('refuses a category that escapes the root', async () => {
    await expect(loadIlsvrcAnimalPart({ imagesRoot, partsRoot, categories: ['../../etc'] })).rejects.toThrow(/escapes the dataset root/);
  });

  it('refuses an empty category list and names a category with no images', async () => {
    await expect(loadIlsvrcAnimalPart({ imagesRoot, partsRoot, categories: [] })).rejects.toThrow(/categories/);
    await expect(loadIlsvrcAnimalPart({ imagesRoot, partsRoot, categories: ['n00000000'] })).rejects.toThrow(/n00000000_obj[/\\]img[/\\]data\.mat: file not found/);
  });

  it('names a truth file whose length disagrees with data.mat', async () => {
    const { images, parts, replaced } = fixture({
      relative: 'parts/n02118333/truth_part01.mat',
      bytes: readFileSync(join(partsRoot, 'n02131653', 'truth_part01.mat')),
    });
    await expect(loadIlsvrcAnimalPart({ imagesRoot: images, partsRoot: parts, categories: ['fox'] })).rejects.toThrow(`${replaced}: 380 entries`);
  });
});
