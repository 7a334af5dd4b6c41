import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskArea, maskContains } from '../partMask';
import { tempDir } from '../testing/tempDirs';
import { loadPascalPart, type PascalPartSample } from './pascalPart';
import { mergedPartName } from './pascalPartMerge';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/pascal-part-samples');
const present = existsSync(join(root, 'Annotations_Part'));
const reason = present ? 'present' : `needs ../shared/data/pascal-part-samples (not found at ${root})`;

// Objects of the 4 sample files (class and image size), read off the annotations once.
const OBJECTS: Record<string, { size: [number, number]; classes: string[] }> = {
  '2008_000008': { size: [442, 500], classes: ['person', 'horse'] },
  '2008_000009': { size: [375, 500], classes: ['cow', 'cow'] },
  '2008_000019': { size: [272, 480], classes: ['dog', 'dog', 'dog'] },
  '2008_000026': { size: [375, 500], classes: ['person', 'dog'] },
};

describe('mergedPartName', () => {
  it('merges fine parts into head, neck, torso, legs, tail (arms for person) and keeps other classes as they are', () => {
    expect(['leye', 'muzzle', 'lhorn', 'beak', 'nose'].map((p) => mergedPartName('cow', p))).toEqual(['head', 'head', 'head', 'head', 'head']);
    expect(['lfpa', 'rblleg', 'lbho', 'lfoot'].map((p) => mergedPartName('horse', p))).toEqual(['legs', 'legs', 'legs', 'legs']);
    expect(mergedPartName('bird', 'lwing')).toBe('torso');
    expect(mergedPartName('person', 'rhand')).toBe('arms');
    expect(mergedPartName('dog', 'rhand')).toBeUndefined();
    expect(mergedPartName('car', 'frontside')).toBe('frontside');
  });
});

describe.skipIf(!present)(`loadPascalPart on the 4 real samples (${reason})`, () => {
  let samples: PascalPartSample[] = [];
  beforeAll(async () => {
    ({ samples } = await loadPascalPart({ root, classes: ['person', 'horse', 'cow', 'dog'] }));
  });

  it('one sample per object, with class, class index and the image path', () => {
    const expected = Object.entries(OBJECTS).flatMap(([im, o]) => o.classes.map((c, i) => `${im}/${i + 1} ${c}`));
    expect(samples.map((s) => `${s.id} ${s.category}`)).toEqual(expected);
    expect(samples.find((s) => s.category === 'dog')?.classIndex).toBe(12);
    expect(samples.find((s) => s.category === 'horse')?.classIndex).toBe(13);
    for (const s of samples) expect(s.imagePath).toBe(join(root, 'JPEGImages', `${s.id.split('/')[0]}.jpg`));
  });

  it('merged parts per class; masks inside the image; landmarks inside their masks', () => {
    const offMask: string[] = [];
    for (const s of samples) {
      const [height, width] = OBJECTS[s.id.split('/')[0]].size;
      const expectedParts = s.category === 'person' ? ['head', 'neck', 'torso', 'arms', 'legs'] : ['head', 'neck', 'torso', 'legs', 'tail'];
      expect(Object.keys(s.landmarks).sort()).toEqual([...expectedParts].sort());
      expect(s.bbox.xmin).toBeGreaterThanOrEqual(0);
      expect(s.bbox.xmax).toBeLessThan(width);
      expect(s.bbox.ymax).toBeLessThan(height);
      for (const [name, mask] of Object.entries(s.partMasks)) {
        const point = s.landmarks[name];
        expect(point === null).toBe(mask.width === 0);
        if (point === null) continue;
        expect(maskArea(mask)).toBeGreaterThan(0);
        expect(mask.x0 + mask.width).toBeLessThanOrEqual(width);
        expect(mask.y0 + mask.height).toBeLessThanOrEqual(height);
        // Inside the mask's own box always (a mean); on the mask itself for the SPEC §6 landmarks (head, neck,
        // torso) with one exception in these samples — legs are several limbs whose mean may fall between them.
        expect(point[0]).toBeGreaterThanOrEqual(mask.x0);
        expect(point[0]).toBeLessThanOrEqual(mask.x0 + mask.width - 1);
        expect(point[1]).toBeGreaterThanOrEqual(mask.y0);
        expect(point[1]).toBeLessThanOrEqual(mask.y0 + mask.height - 1);
        if (['head', 'neck', 'torso'].includes(name) && !maskContains(mask, point[0], point[1])) offMask.push(`${s.id} ${name}`);
      }
    }
    // The dog of 2008_000026 has a non-convex torso mask (the person in front of it) whose mean falls off it.
    expect(offMask).toEqual(['2008_000026/2 torso']);
    // Present parts, per the annotations: the cow 2008_000009/2 has no head, neck; dog 2008_000019/1 no tail.
    const byId = new Map(samples.map((s) => [s.id, s]));
    expect(byId.get('2008_000009/2')!.landmarks.head).toBeNull();
    expect(byId.get('2008_000009/2')!.landmarks.tail).not.toBeNull();
    expect(byId.get('2008_000019/1')!.landmarks.tail).toBeNull();
    expect(byId.get('2008_000008/2')!.landmarks.legs).not.toBeNull();
  });

  it('leaves out other classes and names an empty class', async () => {
    const { samples: dogs } = await loadPascalPart({ root, classes: ['dog'] });
    expect(dogs.map((s) => s.id)).toEqual(['2008_000019/1', '2008_000019/2', '2008_000019/3', '2008_000026/2']);
    await expect(loadPascalPart({ root, classes: ['cat'] })).rejects.toThrow(/Annotations_Part: class 'cat' is empty/);
    await expect(loadPascalPart({ root, classes: ['kat'] })).rejects.toThrow(/classes\[0\] = "kat" is not a VOC class/);
  });

  it('names a corrupt annotation file; skipBad skips and records it', async () => {
    const copy = tempDir('icnn-pascal-');
    cpSync(root, copy, { recursive: true });
    mkdirSync(join(copy, 'Annotations_Part'), { recursive: true });
    const bad = join(copy, 'Annotations_Part', '2008_000009.mat');
    writeFileSync(bad, 'MATLAB 5.0 MAT-file, truncated');
    await expect(loadPascalPart({ root: copy, classes: ['dog', 'cow'] })).rejects.toThrow(`${bad}: not a MATLAB v5 MAT-file`);
    const { samples: kept, skipped } = await loadPascalPart({ root: copy, classes: ['dog'], skipBad: true });
    expect(kept.length).toBe(4);
    expect(skipped).toEqual([{ file: bad, reason: expect.stringContaining('not a MATLAB v5 MAT-file') }]);
  });
});
