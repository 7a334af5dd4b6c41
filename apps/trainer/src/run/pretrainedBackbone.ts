// A pretrained backbone as a file: the backbone's variables under their own stable names (loadable into a bare
// `createBackbone(...)` as well as into a net), with what it was trained as — backbone, width, input size, classes,
// accuracy. `icnn pretrain` writes it; `--init-from` starts a train/compare run's backbone from it (the new conv and
// the head start from scratch, as in the paper's fine-tuning).
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint, type InterpretableNet } from '@icnn/model';
import { fileSystemHandler, MODEL_FILE } from '@icnn/model/node';
import { ConfigError, type TrainerOptions } from '../config/options';
import { loadCheckedCheckpoint } from './loadCheckedCheckpoint';
import { readJsonFile } from './readJsonFile';

export const BACKBONE_CHECKPOINT_KIND = 'icnn-pretrained-backbone';
/** The folder of a pretrain run that holds its backbone. */
export const BACKBONE_DIR = 'backbone';
const PREFIX = 'backbone/';

export interface PretrainedBackboneInfo {
  kind: typeof BACKBONE_CHECKPOINT_KIND;
  backbone: string;
  width: number;
  inputSize: number;
  /** The classes it was pretrained on, in label order. */
  classes: string[];
  epochs: number;
  valAccuracy: number;
  seed: number;
  /** Where the images came from (the image-folder root as given). */
  data: string;
}

/** The backbone's variables of a net, under the backbone's own names. */
function backboneVariables(net: InterpretableNet): Record<string, tf.Variable> {
  return Object.fromEntries(Object.entries(net.variables).filter(([name]) => name.startsWith(PREFIX)).map(([name, v]) => [name.slice(PREFIX.length), v]));
}

/** Writes `net`'s backbone to `dir` (replaced whole: written beside it, then renamed into place). */
export async function saveBackboneCheckpoint(dir: string, net: InterpretableNet, info: Omit<PretrainedBackboneInfo, 'kind'>): Promise<void> {
  const next = `${dir}.next`;
  rmSync(next, { recursive: true, force: true });
  await saveCheckpoint({ variables: backboneVariables(net) }, fileSystemHandler(next), { metadata: { pretrained: { kind: BACKBONE_CHECKPOINT_KIND, ...info } } });
  rmSync(dir, { recursive: true, force: true });
  renameSync(next, dir);
}

/** The backbones shipped with the trainer (apps/trainer/pretrained/<name>/), found from the bundle (dist/) or the sources. */
function shippedFolder(): string | null {
  for (const up of ['../pretrained', '../../pretrained']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

/** The names of the pretrained backbones shipped with the trainer (`--init-from <name>`). */
export function shippedBackbones(): string[] {
  const dir = shippedFolder();
  return dir === null ? [] : readdirSync(dir).filter((name) => existsSync(join(dir, name, MODEL_FILE))).sort();
}

/**
 * The backbone checkpoint folder `path` names: a pretrain run's --out (its backbone/ folder), that folder itself, or
 * the name of a backbone shipped with the trainer.
 */
export function resolveBackboneCheckpoint(path: string): string {
  for (const dir of [join(path, BACKBONE_DIR), path]) if (existsSync(join(dir, MODEL_FILE))) return resolve(dir);
  const shipped = shippedFolder();
  if (shipped !== null && /^[\w.-]+$/.test(path) && existsSync(join(shipped, path, MODEL_FILE))) return join(shipped, path);
  const names = shippedBackbones();
  throw new ConfigError(
    `--init-from ${path}: no pretrained backbone there (expected ${join(path, BACKBONE_DIR, MODEL_FILE)}; make one with 'icnn pretrain --out ${path}'` +
      `${names.length ? `, or name one shipped with icnn: ${names.join(', ')}` : ''})`,
  );
}

export function readBackboneInfo(dir: string): PretrainedBackboneInfo {
  const file = join(dir, MODEL_FILE);
  const model = readJsonFile(file) as { modelTopology?: { pretrained?: PretrainedBackboneInfo } } | null;
  const info = model?.modelTopology?.pretrained;
  if (info?.kind !== BACKBONE_CHECKPOINT_KIND) throw new ConfigError(`--init-from: ${file} is not a pretrained backbone written by 'icnn pretrain'`);
  return info;
}

/** The pretrained backbone `options.initFrom` names, checked against the run's backbone and width (before any work). */
export function checkInitFrom(options: Pick<TrainerOptions, 'initFrom' | 'backbone' | 'width'>): { dir: string; info: PretrainedBackboneInfo } {
  const dir = resolveBackboneCheckpoint(options.initFrom!);
  const info = readBackboneInfo(dir);
  if (info.backbone !== options.backbone) throw new ConfigError(`--init-from ${options.initFrom}: pretrained as '${info.backbone}', but --backbone is '${options.backbone}'`);
  if (info.width !== options.width) throw new ConfigError(`--init-from ${options.initFrom}: pretrained at width ${info.width}, but --width is ${options.width}`);
  return { dir, info };
}

/**
 * Loads the pretrained backbone named by `options.initFrom` into `net`'s backbone. Its backbone and width must be
 * the run's (the input size may differ: the convolutions do not depend on it). A net tapped below the pretrained
 * top layer takes the layers it has and leaves the rest.
 */
export async function initBackboneFrom(net: InterpretableNet, options: TrainerOptions): Promise<PretrainedBackboneInfo> {
  const { dir, info } = checkInitFrom(options);
  const variables = backboneVariables(net);
  await loadCheckedCheckpoint({ variables }, dir, { skip: (name) => !(name in variables) });
  return info;
}
