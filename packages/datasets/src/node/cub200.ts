// CUB-200-2011 (Wah et al. 2011), from its space-separated text files (ids 1-based):
//   <root>/images.txt                 `id relpath` (relative to <root>/images)
//   <root>/classes.txt                `classId name`
//   <root>/image_class_labels.txt     `id classId`
//   <root>/train_test_split.txt       `id isTrain` (1 = train, 0 = test)
//   <root>/bounding_boxes.txt         `id x y w h` (floats; top-left corner, size)
//   <root>/parts/parts.txt            `partId name` (15 parts; names contain spaces: 'left eye')
//   <root>/parts/part_locs.txt        `id partId x y visible` (invisible parts written `0.0 0.0 0`)
//
// Coordinates. CUB's pixel coordinates count from 0 (x, y is the column and row of the box's first pixel, as the
// usual `img[y:y+h, x:x+w]` crop reads them; part locations are pixel positions in the same frame). The package's
// convention (sample.ts) is 0-based pixel centres with inclusive boxes, as the ILSVRC loader produces by
// subtracting 1 from MATLAB's 1-based inclusive boxes; so here box = { xmin: x, ymin: y, xmax: x + w − 1,
// ymax: y + h − 1 } and part locations are taken as they are.
//
// Landmarks: every part by its parts.txt name, visible → [x, y], invisible → null. SPEC §6's CUB landmarks are
// parts 1, 6, 14 = 'back', 'forehead', 'tail' (CUB_LANDMARKS); parts.txt must name them so.
import { existsSync, readFileSync } from 'node:fs';
import type { FileSample, Landmark } from '../sample';
import { readJpegSize } from './imageSize';
import { resolveInside } from './safePath';

/** SPEC §6's CUB landmarks: name → part id. */
export const CUB_LANDMARKS: Readonly<Record<string, number>> = { back: 1, forehead: 6, tail: 14 };

export interface Cub200Options {
  root: string;
  /** Skip and record malformed or inconsistent lines (and images left incomplete) instead of throwing. */
  skipBad?: boolean;
  /** Read each image's JPEG header: the image must exist and its box and landmarks lie inside it. Default false. */
  checkImages?: boolean;
}

export interface CubSample extends FileSample {
  /** CUB image id (1-based). */
  imageId: number;
  /** CUB class id (1-based); `category` is its name from classes.txt. */
  classId: number;
  split: 'train' | 'test';
}

export interface BadLine {
  file: string;
  /** 1-based line number. */
  line: number;
  reason: string;
}

interface Line {
  file: string;
  line: number;
  fields: string[];
  /** Text after the first field (names with spaces). */
  rest: string;
}

class Problems {
  readonly skipped: BadLine[] = [];
  constructor(private readonly skipBad: boolean) {}
  /** Throws `file:line: reason`, or records it under skipBad. */
  report(file: string, line: number, reason: string): void {
    if (!this.skipBad) throw new Error(`${file}:${line}: ${reason}`);
    this.skipped.push({ file, line, reason });
  }
}

function readLines(root: string, ...segments: string[]): Line[] {
  const file = resolveInside(root, ...segments);
  if (!existsSync(file)) throw new Error(`${file}: file not found (CUB-200-2011 layout expected under ${root})`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => {
      const trimmed = text.replace(/\r$/, '').trim();
      const fields = trimmed === '' ? [] : trimmed.split(/\s+/);
      return { file, line: i + 1, fields, rest: trimmed.slice((fields[0] ?? '').length).trim() };
    })
    .filter((l) => l.fields.length > 0);
}

const INTEGER = /^[0-9]+$/;
const NUMBER = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

/** Whether `line` has `count` fields (at least `count` when the last one is a name that may hold spaces). */
function checkFieldCount(line: Line, count: number, format: string, problems: Problems, atLeast = false): boolean {
  const ok = atLeast ? line.fields.length >= count : line.fields.length === count;
  if (!ok) problems.report(line.file, line.line, `malformed line (expected \`${format}\`, found ${line.fields.length} fields)`);
  return ok;
}

function parseId(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const id = Number(text);
  return id >= 1 && Number.isSafeInteger(id) ? id : undefined;
}

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** `id value` lines into a map, reporting malformed ids and repeats. */
/** A line's value that is wrong, and why. */
class Bad {
  constructor(readonly reason: string) {}
}

function readIdTable<T>(lines: Line[], format: string, problems: Problems, parse: (line: Line) => T | Bad, known?: Map<number, unknown>): Map<number, T> {
  const out = new Map<number, T>();
  const arity = format.split(' ').length;
  for (const line of lines) {
    if (!checkFieldCount(line, arity, format, problems, format.endsWith('name') || format.endsWith('relpath'))) continue;
    const id = parseId(line.fields[0]);
    if (id === undefined) {
      problems.report(line.file, line.line, `malformed id ${JSON.stringify(line.fields[0])}`);
      continue;
    }
    if (known !== undefined && !known.has(id)) {
      problems.report(line.file, line.line, `unknown image id ${id} (not in images.txt)`);
      continue;
    }
    if (out.has(id)) {
      problems.report(line.file, line.line, `id ${id} appears twice`);
      continue;
    }
    const value = parse(line);
    if (value instanceof Bad) problems.report(line.file, line.line, value.reason);
    else out.set(id, value);
  }
  return out;
}

/** Loads CUB-200-2011: one sample per image, with its class, split, box and the 15 part landmarks. */
export async function loadCub200(options: Cub200Options): Promise<{ samples: CubSample[]; skipped: BadLine[] }> {
  const { root, skipBad = false, checkImages = false } = options;
  const problems = new Problems(skipBad);

  const classes = readIdTable(readLines(root, 'classes.txt'), 'classId name', problems, (l) => l.rest);
  const images = readIdTable(readLines(root, 'images.txt'), 'id relpath', problems, (l) => {
    try {
      return { path: resolveInside(resolveInside(root, 'images'), l.rest), line: l.line };
    } catch (error) {
      return new Bad((error as Error).message);
    }
  });
  const labels = readIdTable(readLines(root, 'image_class_labels.txt'), 'id classId', problems, (l) => {
    const classId = parseId(l.fields[1]);
    if (classId === undefined) return new Bad(`malformed class id ${JSON.stringify(l.fields[1])}`);
    return classes.has(classId) ? classId : new Bad(`unknown class id ${classId} (not in classes.txt)`);
  }, images);
  const splits = readIdTable<'train' | 'test'>(readLines(root, 'train_test_split.txt'), 'id isTrain', problems, (l) =>
    l.fields[1] === '1' ? 'train' : l.fields[1] === '0' ? 'test' : new Bad(`malformed split ${JSON.stringify(l.fields[1])} (expected 1 or 0)`),
  images);
  const boxes = readIdTable(readLines(root, 'bounding_boxes.txt'), 'id x y w h', problems, (l) => {
    const [x, y, w, h] = l.fields.slice(1).map(parseNumber);
    if (x === undefined || y === undefined || w === undefined || h === undefined) return new Bad(`malformed box ${JSON.stringify(l.fields.slice(1).join(' '))}`);
    if (x < 0 || y < 0 || w < 1 || h < 1) return new Bad(`box x=${x} y=${y} w=${w} h=${h} is empty or starts outside the image`);
    return { box: { xmin: x, ymin: y, xmax: x + w - 1, ymax: y + h - 1 }, line: l.line };
  }, images);

  const partsLines = readLines(root, 'parts', 'parts.txt');
  const parts = readIdTable(partsLines, 'partId name', problems, (l) => l.rest);
  for (const [name, id] of Object.entries(CUB_LANDMARKS)) {
    if (parts.get(id) !== name) {
      const line = partsLines.find((l) => parseId(l.fields[0]) === id)?.line ?? partsLines.length;
      problems.report(partsLines[0]?.file ?? resolveInside(root, 'parts', 'parts.txt'), line, `part ${id} must be '${name}' (SPEC §6 landmark), found ${JSON.stringify(parts.get(id) ?? null)}`);
    }
  }

  const landmarks = new Map<number, Record<string, Landmark>>();
  const landmarkLines = new Map<string, number>();
  const seen = new Set<string>();
  for (const line of readLines(root, 'parts', 'part_locs.txt')) {
    if (!checkFieldCount(line, 5, 'id partId x y visible', problems)) continue;
    const [id, partId] = [parseId(line.fields[0]), parseId(line.fields[1])];
    const [x, y] = [parseNumber(line.fields[2]), parseNumber(line.fields[3])];
    const visible = line.fields[4];
    let reason: string | undefined;
    if (id === undefined || partId === undefined || x === undefined || y === undefined || (visible !== '0' && visible !== '1')) reason = 'malformed line (expected `id partId x y visible`)';
    else if (!images.has(id)) reason = `unknown image id ${id} (not in images.txt)`;
    else if (!parts.has(partId)) reason = `unknown part id ${partId} (not in parts/parts.txt)`;
    else if (seen.has(`${id} ${partId}`)) reason = `part ${partId} of image ${id} appears twice`;
    if (reason !== undefined) {
      problems.report(line.file, line.line, reason);
      continue;
    }
    seen.add(`${id} ${partId}`);
    landmarkLines.set(`${id} ${parts.get(partId!)!}`, line.line);
    let points = landmarks.get(id!);
    if (points === undefined) landmarks.set(id!, (points = {}));
    points[parts.get(partId!)!] = visible === '1' ? [x!, y!] : null;
  }

  const samples: CubSample[] = [];
  const imagesFile = resolveInside(root, 'images.txt');
  for (const [imageId, image] of images) {
    const classId = labels.get(imageId);
    const split = splits.get(imageId);
    const bbox = boxes.get(imageId)?.box;
    const missing = classId === undefined ? 'image_class_labels.txt' : split === undefined ? 'train_test_split.txt' : bbox === undefined ? 'bounding_boxes.txt' : undefined;
    if (missing !== undefined) {
      problems.report(imagesFile, image.line, `image ${imageId} has no entry in ${missing}`);
      continue;
    }
    const points: Record<string, Landmark> = {};
    for (const name of parts.values()) points[name] = landmarks.get(imageId)?.[name] ?? null;
    if (checkImages) {
      let size;
      try {
        size = await readJpegSize(image.path);
      } catch (error) {
        problems.report(imagesFile, image.line, (error as Error).message);
        continue;
      }
      const inside = (x: number, y: number): boolean => x >= -0.5 && y >= -0.5 && x <= size.width - 0.5 && y <= size.height - 0.5;
      if (!inside(bbox!.xmin, bbox!.ymin) || !inside(bbox!.xmax, bbox!.ymax)) {
        problems.report(resolveInside(root, 'bounding_boxes.txt'), boxes.get(imageId)!.line, `box of image ${imageId} ${JSON.stringify(bbox)} lies outside the ${size.width}×${size.height} image ${image.path}`);
        continue;
      }
      const outside = Object.entries(points).find(([, p]) => p !== null && !inside(p[0], p[1]));
      if (outside !== undefined) {
        problems.report(resolveInside(root, 'parts', 'part_locs.txt'), landmarkLines.get(`${imageId} ${outside[0]}`) ?? 0, `part '${outside[0]}' of image ${imageId} at ${JSON.stringify(outside[1])} lies outside the ${size.width}×${size.height} image ${image.path}`);
        continue;
      }
    }
    samples.push({ id: String(imageId), imageId, imagePath: image.path, category: classes.get(classId!)!, classId: classId!, split: split!, bbox: bbox!, landmarks: points });
  }
  return { samples, skipped: problems.skipped };
}

