// What a finished run leaves beside its checkpoint for `eval`, `explain` and `report`: the mean image of its training
// split (explain normalises new images with it) and the per-filter records (JSON and CSV).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRecords } from '@icnn/metrics/node';
import { ConfigError } from '../config/options';
import type { TrainResult } from './trainNetwork';

export const MEAN_FILE = 'mean.f32';

export async function saveRunExtras(out: string, result: TrainResult): Promise<void> {
  writeFileSync(join(out, MEAN_FILE), new Uint8Array(result.data.mean.buffer, result.data.mean.byteOffset, result.data.mean.byteLength));
  if (result.evaluation) await writeRecords(join(out, 'filters'), result.evaluation.filters.records);
}

export function readRunMean(out: string, expected: number): Float32Array {
  const path = join(out, MEAN_FILE);
  if (!existsSync(path)) throw new ConfigError(`${path}: not found (a run writes it when it finishes; was it interrupted?)`);
  const bytes = readFileSync(path);
  if (bytes.byteLength !== expected * 4) throw new ConfigError(`${path}: holds ${bytes.byteLength / 4} values, the net's input needs ${expected}`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
