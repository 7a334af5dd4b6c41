// Pascal-Part (Chen et al. 2014) on VOC 2010 images:
//   <root>/Annotations_Part/<imname>.mat   MATLAB v5: anno.imname, anno.objects(1×N).{class, class_ind, mask,
//                                          parts(1×P).{part_name, mask}}; masks H×W uint8, column-major
//   <root>/JPEGImages/<imname>.jpg
// One sample per object of the requested classes: box = the tight box of the object's mask (0-based pixel
// centres, inclusive), parts merged as in pascalPartMerge.ts, each merged part's landmark = the mean (x, y) of its
// mask's pixels (null when the object has none of its parts), and the merged masks kept in `partMasks`.
// Note that the mean of a non-convex part (legs: several legs) need not lie on the mask itself.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { maskFromLabels } from '../partMask';
import type { FileSample, Landmark, PartMask } from '../sample';
import { readJpegSize } from './imageSize';
import type { MatNumericArray } from './matV5';
import { readMatV5File } from './matV5';
import { asMatrix, asScalar, asString, asStruct, asStructOrEmpty, field } from './matV5Access';
import { mergedPartName, PASCAL_PART_MERGED_CLASSES } from './pascalPartMerge';
import { resolveInside } from './safePath';

export const VOC_CLASSES: readonly string[] = [
  'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor',
];

export interface PascalPartOptions {
  root: string;
  /** VOC class names ('cat', 'dog', …); objects of other classes are left out. */
  classes: string[];
  /** Merge parts as in pascalPartMerge.ts. Default true; false keeps Pascal-Part's own part names. */
  merge?: boolean;
  /** Skip and record annotation files that cannot be read or are inconsistent, instead of throwing. Default false. */
  skipBad?: boolean;
}

export interface PascalPartSample extends FileSample {
  /** VOC class index (1–20) as stored in the annotation. */
  classIndex: number;
  partMasks: Record<string, PartMask>;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** Column-major H×W mask → row-major 0/1 labels. */
function rowMajor(mask: MatNumericArray, height: number, width: number, where: string): Uint8Array {
  const [rows, columns] = mask.dims;
  if (rows !== height || columns !== width) throw new Error(`${where}: mask is ${rows}×${columns}, the image is ${height}×${width}`);
  const out = new Uint8Array(height * width);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) if (Number(mask.real[x * height + y]) !== 0) out[y * width + x] = 1;
  }
  return out;
}

/** Mean (x, y) of the set pixels of `labels`, or null when none is set. */
function maskMean(labels: Uint8Array, width: number): Landmark {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 0) continue;
    n++;
    sx += i % width;
    sy += Math.floor(i / width);
  }
  return n === 0 ? null : [sx / n, sy / n];
}

async function readAnnotation(path: string, root: string, wanted: Set<string>, merge: boolean): Promise<PascalPartSample[]> {
  const anno = asStruct(readMatV5File(path).get('anno'), `${path}: anno`);
  if (anno.elements.length !== 1) throw new Error(`${path}: anno has ${anno.elements.length} elements, expected 1`);
  const imname = asString(field(anno, 0, 'imname'), `${path}: anno.imname`);
  const objects = asStructOrEmpty(field(anno, 0, 'objects'), `${path}: anno.objects`);
  if (objects === null) return [];
  const imagePath = resolveInside(root, 'JPEGImages', `${imname}.jpg`);
  let size: { width: number; height: number } | undefined;
  const samples: PascalPartSample[] = [];
  for (let i = 0; i < objects.elements.length; i++) {
    const where = `${path}: anno.objects(${i + 1})`;
    const category = asString(field(objects, i, 'class'), `${where}.class`);
    if (!wanted.has(category)) continue;
    size ??= await readJpegSize(imagePath);
    const { width, height } = size;
    const classIndex = asScalar(field(objects, i, 'class_ind'), `${where}.class_ind`);
    const objectMask = maskFromLabels(rowMajor(asMatrix(field(objects, i, 'mask'), `${where}.mask`), height, width, `${where}.mask`), width, height, 1);
    if (objectMask.width === 0) throw new Error(`${where}.mask: empty object mask`);
    const bbox = { xmin: objectMask.x0, ymin: objectMask.y0, xmax: objectMask.x0 + objectMask.width - 1, ymax: objectMask.y0 + objectMask.height - 1 };

    const unions = new Map<string, Uint8Array>();
    for (const name of merge ? PASCAL_PART_MERGED_CLASSES[category] ?? [] : []) unions.set(name, new Uint8Array(width * height));
    const parts = asStructOrEmpty(field(objects, i, 'parts'), `${where}.parts`);
    for (let p = 0; p < (parts?.elements.length ?? 0); p++) {
      const partWhere = `${where}.parts(${p + 1})`;
      const partName = asString(field(parts!, p, 'part_name'), `${partWhere}.part_name`);
      const name = merge ? mergedPartName(category, partName) : partName;
      if (name === undefined) throw new Error(`${partWhere}: part '${partName}' of a ${category} has no merged part (see pascalPartMerge.ts)`);
      const labels = rowMajor(asMatrix(field(parts!, p, 'mask'), `${partWhere}.mask`), height, width, `${partWhere}.mask`);
      let union = unions.get(name);
      if (union === undefined) unions.set(name, (union = new Uint8Array(width * height)));
      for (let k = 0; k < labels.length; k++) union[k] |= labels[k];
    }
    const landmarks: Record<string, Landmark> = {};
    const partMasks: Record<string, PartMask> = {};
    for (const [name, union] of unions) {
      landmarks[name] = maskMean(union, width);
      partMasks[name] = maskFromLabels(union, width, height, 1);
    }
    samples.push({ id: `${imname}/${i + 1}`, imagePath, category, classIndex, bbox, landmarks, partMasks });
  }
  return samples;
}

/** Loads the objects of `classes` from a Pascal-Part tree, one sample per object, with merged part masks. */
export async function loadPascalPart(options: PascalPartOptions): Promise<{ samples: PascalPartSample[]; skipped: SkippedFile[] }> {
  const { root, classes, merge = true, skipBad = false } = options;
  if (!Array.isArray(classes) || classes.length === 0) throw new Error('loadPascalPart: classes must be a non-empty list');
  for (const [i, name] of classes.entries()) {
    if (!VOC_CLASSES.includes(name)) throw new Error(`loadPascalPart: classes[${i}] = ${JSON.stringify(name)} is not a VOC class (${VOC_CLASSES.join(', ')})`);
  }
  const annotations = resolveInside(root, 'Annotations_Part');
  if (!existsSync(annotations) || !statSync(annotations).isDirectory()) throw new Error(`${annotations}: annotation folder not found`);
  const files = readdirSync(annotations).filter((n) => n.endsWith('.mat')).sort();
  const wanted = new Set(classes);
  const samples: PascalPartSample[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of files) {
    const path = resolveInside(annotations, name);
    try {
      samples.push(...(await readAnnotation(path, root, wanted, merge)));
    } catch (error) {
      if (!skipBad) throw error;
      skipped.push({ file: path, reason: (error as Error).message });
    }
  }
  for (const name of classes) {
    if (!samples.some((s) => s.category === name)) throw new Error(`${annotations}: class '${name}' is empty (no objects in ${files.length} annotation files)`);
  }
  return { samples, skipped };
}
