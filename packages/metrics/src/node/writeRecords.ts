// Per-filter records to `<base>.json` and `<base>.csv` (the formats of recordsToJson / recordsToCsv).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { recordsToCsv } from '../recordsToCsv';
import { recordsToJson } from '../recordsToJson';

/** Writes both files; `base` is the path without extension. Resolves to the two paths. */
export async function writeRecords(base: string, records: readonly object[]): Promise<{ json: string; csv: string }> {
  if (typeof base !== 'string' || base.length === 0) throw new TypeError(`writeRecords: 'base' must be a non-empty path, got ${String(base)}`);
  const paths = { json: `${base}.json`, csv: `${base}.csv` };
  await mkdir(dirname(base), { recursive: true });
  await writeFile(paths.json, recordsToJson(records) + '\n');
  await writeFile(paths.csv, recordsToCsv(records));
  return paths;
}
