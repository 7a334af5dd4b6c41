// ILSVRC 2013 DET Animal-Part (the paper's Table 3 data, as released by its authors):
//   <imagesRoot>/<wnid>_obj/img/img/NNNNN.jpg     image i (1-based, 5 digits)
//   <imagesRoot>/<wnid>_obj/img/data.mat          struct array samples(i).obj.bndbox.{xmin,xmax,ymin,ymax} (1-based)
//   <partsRoot>/<wnid>/truth_part01.mat (head), truth_part02.mat (frontal legs): struct array truth(i).pHW_center
//     = [h; w] in the box crop resized to 224×224; empty = not annotated; 2×n (several boxes) = invalid.
// Image pixels (MATLAB, 1-based): y = ymin + h/224·(ymax − ymin), x = xmin + w/224·(xmax − xmin); the samples
// carry them 0-based (minus 1), like every Sample.
import { existsSync, readdirSync } from 'node:fs';
import type { BoundingBox, FileSample, Landmark } from '../sample';
import { withMatFile } from './hdf5';
import { createDereference, readNumeric, readScalar, readStruct, structArrayField } from './matStruct';
import { resolveInside } from './safePath';

/** The six categories of ../shared/data by their common names (any wnid of the 30 works as well). */
export const ILSVRC_ANIMAL_PART_WNIDS: Readonly<Record<string, string>> = {
  fox: 'n02118333',
  bear: 'n02131653',
  squirrel: 'n02355227',
  swine: 'n02395003',
  cattle: 'n02402425',
  sheep: 'n02411705',
};

/** Landmark names and the truth file of each. */
export const ILSVRC_ANIMAL_PART_LANDMARKS: Readonly<Record<string, string>> = {
  head: 'truth_part01.mat',
  legs: 'truth_part02.mat',
};

const CROP = 224;

export interface IlsvrcAnimalPartOptions {
  imagesRoot: string;
  partsRoot: string;
  /** wnids ('n02118333') or the names of ILSVRC_ANIMAL_PART_WNIDS ('fox'). */
  categories: string[];
}

function readBoxes(path: string): Promise<BoundingBox[]> {
  return withMatFile(path, (h5, file) => {
    const dereference = createDereference(h5, file);
    return structArrayField(h5, file, 'samples', 'obj').map((ref, i) => {
      const where = `samples(${i + 1}).obj`;
      const box = readStruct(h5, dereference(ref, where), 'bndbox', where);
      const get = (name: string): number => readScalar(h5, box, name, `${where}.bndbox`) - 1;
      const bbox = { xmin: get('xmin'), ymin: get('ymin'), xmax: get('xmax'), ymax: get('ymax') };
      if (bbox.xmin > bbox.xmax || bbox.ymin > bbox.ymax) throw new Error(`${where}.bndbox is inverted: ${JSON.stringify(bbox)}`);
      return bbox;
    });
  });
}

/** Part centres [h, w] in the 224×224 crop per element; null when empty or given as several boxes. */
function readCentres(path: string): Promise<([number, number] | null)[]> {
  return withMatFile(path, (h5, file) => {
    const dereference = createDereference(h5, file);
    return structArrayField(h5, file, 'truth', 'pHW_center').map((ref, i) => {
      const where = `truth(${i + 1}).pHW_center`;
      const centre = readNumeric(h5, dereference(ref, where), where);
      if (centre === null) return null;
      const [rows, columns] = centre.size;
      if (rows !== 2) throw new Error(`${where}: expected 2 rows [h; w], found ${rows}×${columns}`);
      if (columns !== 1) return null;
      const [h, w] = centre.values;
      if (!Number.isFinite(h) || !Number.isFinite(w)) throw new Error(`${where}: not finite: [${h}; ${w}]`);
      return [h, w];
    });
  });
}

function resolveWnid(category: string, index: number): string {
  if (typeof category !== 'string' || category === '') throw new Error(`loadIlsvrcAnimalPart: categories[${index}] must be a non-empty string`);
  return ILSVRC_ANIMAL_PART_WNIDS[category] ?? category;
}

/** Loads the objects of `categories` with their boxes and 'head' / 'legs' landmarks (image pixels, 0-based). */
export async function loadIlsvrcAnimalPart(options: IlsvrcAnimalPartOptions): Promise<{ samples: FileSample[] }> {
  const { imagesRoot, partsRoot, categories } = options;
  if (!Array.isArray(categories) || categories.length === 0) throw new Error('loadIlsvrcAnimalPart: categories must be a non-empty list');
  const samples: FileSample[] = [];
  for (const [index, category] of categories.entries()) {
    const wnid = resolveWnid(category, index);
    const dataPath = resolveInside(imagesRoot, `${wnid}_obj`, 'img', 'data.mat');
    const imageDir = resolveInside(imagesRoot, `${wnid}_obj`, 'img', 'img');
    const boxes = await readBoxes(dataPath);
    if (boxes.length === 0) throw new Error(`${dataPath}: category '${category}' is empty (no samples)`);
    if (!existsSync(imageDir)) throw new Error(`${imageDir}: image folder not found for category '${category}'`);
    const images = new Set(readdirSync(imageDir));
    const landmarks: Record<string, ([number, number] | null)[]> = {};
    for (const [name, fileName] of Object.entries(ILSVRC_ANIMAL_PART_LANDMARKS)) {
      const truthPath = resolveInside(partsRoot, wnid, fileName);
      // A category whose folder lacks one part's file has no such part annotated (goldfish: head only, SPEC §6);
      // a missing folder is an error (readCentres names the file).
      if (!existsSync(truthPath) && existsSync(resolveInside(partsRoot, wnid))) {
        landmarks[name] = boxes.map(() => null);
        continue;
      }
      const centres = await readCentres(truthPath);
      if (centres.length !== boxes.length) {
        throw new Error(`${truthPath}: ${centres.length} entries, but ${dataPath} has ${boxes.length} samples`);
      }
      landmarks[name] = centres;
    }
    boxes.forEach((bbox, i) => {
      const stem = String(i + 1).padStart(5, '0');
      const fileName = `${stem}.jpg`;
      if (!images.has(fileName)) throw new Error(`${resolveInside(imageDir, fileName)}: image ${i + 1} of ${dataPath} not found`);
      const points: Record<string, Landmark> = {};
      for (const name of Object.keys(landmarks)) {
        const centre = landmarks[name][i];
        points[name] =
          centre === null
            ? null
            : [bbox.xmin + (centre[1] / CROP) * (bbox.xmax - bbox.xmin), bbox.ymin + (centre[0] / CROP) * (bbox.ymax - bbox.ymin)];
      }
      samples.push({ id: `${wnid}/${stem}`, imagePath: resolveInside(imageDir, fileName), category: wnid, bbox, landmarks: points });
    });
  }
  return { samples };
}
