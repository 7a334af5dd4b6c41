// A tf.io handler on a directory of the Node file system: model.json + weights.bin, written atomically (each to a
// temporary file, then renamed; weights first, so a model.json always names complete shards). Loading reads any
// model.json with a weightsManifest (our checkpoints, tensorflowjs_converter's layers models): it checks the
// manifest (and a caller's check) and every shard's size on disk before it reads a weight byte.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { CheckingLoadHandler, ManifestCheck } from './handlers';
import { entryBytes } from './manifest';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function artifactsInfo(artifacts: tf.io.ModelArtifacts, weightBytes: number): tf.io.ModelArtifactsInfo {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
    weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
    weightDataBytes: weightBytes,
  };
}

function asBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (!Array.isArray(data)) return new Uint8Array(data);
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const buffer of data) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out;
}

interface ModelJson {
  modelTopology?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** The handler for directory `dir` (created on save). */
export function fileSystemHandler(dir: string): CheckingLoadHandler {
  if (typeof dir !== 'string' || dir.length === 0) throw new TypeError(`fileSystemHandler: 'dir' must be a directory path, got ${String(dir)}`);
  const root = resolve(dir);
  const modelPath = join(root, MODEL_FILE);
  let check: ManifestCheck | undefined;
  return {
    source: modelPath,
    expectWeights(next: ManifestCheck) {
      check = next;
    },
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`fileSystemHandler.save: binary topologies are not supported`);
      await mkdir(root, { recursive: true });
      const weights = asBytes(artifacts.weightData);
      await writeAtomically(join(root, WEIGHTS_FILE), weights);
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology,
        ...(artifacts.format !== undefined ? { format: artifacts.format } : {}),
        ...(artifacts.generatedBy !== undefined ? { generatedBy: artifacts.generatedBy } : {}),
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeAtomically(join(root, MODEL_FILE), JSON.stringify(json));
      return { modelArtifactsInfo: artifactsInfo(artifacts, weights.byteLength) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let json: ModelJson;
      try {
        json = JSON.parse(await readFile(modelPath, 'utf8')) as ModelJson;
      } catch (error) {
        throw new Error(`fileSystemHandler.load: cannot read ${modelPath}: ${(error as Error).message}`);
      }
      if (json === null || typeof json !== 'object') throw new Error(`${modelPath}: not a model.json (holds ${JSON.stringify(json)?.slice(0, 40)})`);
      const manifest = json.weightsManifest;
      if (!Array.isArray(manifest)) throw new Error(`${modelPath}: no 'weightsManifest' list`);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const shards: { path: string; size: number }[] = [];
      for (const [g, group] of manifest.entries()) {
        if (group == null || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
          throw new Error(`${modelPath}: weightsManifest[${g}] needs 'paths' and 'weights' lists`);
        }
        const expected = group.weights.reduce((n, w) => n + entryBytes(w, modelPath), 0);
        let onDisk = 0;
        const sizes: string[] = [];
        for (const name of group.paths) {
          const path = resolve(root, name);
          const inside = relative(root, path);
          if (typeof name !== 'string' || inside.startsWith('..') || isAbsolute(inside)) {
            throw new Error(`${modelPath}: shard path ${JSON.stringify(name)} leaves the model's directory`);
          }
          let size: number;
          try {
            size = (await stat(path)).size;
          } catch {
            throw new Error(`${modelPath}: shard '${name}' of weightsManifest[${g}] is missing`);
          }
          onDisk += size;
          sizes.push(`${name}: ${size}`);
          shards.push({ path, size });
        }
        if (onDisk !== expected) {
          const names = group.weights.slice(0, 4).map((w) => `'${w.name}'`).join(', ');
          throw new Error(
            `${modelPath}: weightsManifest[${g}] (${names}${group.weights.length > 4 ? ', …' : ''}) describes ${expected} bytes ` +
              `but its shards hold ${onDisk} (${sizes.join(', ')})`,
          );
        }
        specs.push(...group.weights);
      }
      check?.(specs, modelPath);
      const data = new Uint8Array(shards.reduce((n, s) => n + s.size, 0));
      let offset = 0;
      for (const shard of shards) {
        const bytes = await readFile(shard.path);
        if (bytes.byteLength !== shard.size) throw new Error(`${shard.path}: changed size while loading (${shard.size} → ${bytes.byteLength} bytes)`);
        data.set(bytes, offset);
        offset += bytes.byteLength;
      }
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: specs,
        weightData: data.buffer,
        ...(json.format !== undefined ? { format: json.format } : {}),
        ...(json.generatedBy !== undefined ? { generatedBy: json.generatedBy } : {}),
        ...(json.convertedBy != null ? { convertedBy: json.convertedBy } : {}),
      };
    },
  };
}
