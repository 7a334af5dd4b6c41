// Opens MATLAB v7.3 files (HDF5 with a 512-byte user block) through h5wasm, loaded on first use. Failures become
// errors that name the file; h5wasm's throwing error handler is switched on so that HDF5 does not print to stderr.
import { existsSync, statSync } from 'node:fs';
import { importOptionalPeer } from './optionalPeer';

type H5 = typeof import('h5wasm/node');
export type H5File = InstanceType<H5['File']>;
export type H5Dataset = InstanceType<H5['Dataset']>;
export type H5Group = InstanceType<H5['Group']>;
export type H5Reference = InstanceType<H5['Reference']>;

let loading: Promise<H5> | undefined;

/** The h5wasm module, ready to open files. */
export function loadH5(): Promise<H5> {
  loading ??= (async () => {
    const h5 = await importOptionalPeer('h5wasm', 'reading MATLAB v7.3 (HDF5) files', () => import('h5wasm/node'));
    const module = await h5.ready;
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loading;
}

/** The last informative line of an HDF5 error stack (e.g. "truncated file: eof = …"). */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => /^#\d+:/.test(l));
  const last = lines.at(-1);
  return last ? last.replace(/^#\d+:.*?\(\): /, '') : text.split('\n')[0];
}

/** Opens `path` read-only; throws naming the file when it is missing, not HDF5, or truncated. */
export async function openMatFile(path: string): Promise<{ h5: H5; file: H5File }> {
  if (!existsSync(path)) throw new Error(`${path}: file not found`);
  if (!statSync(path).isFile()) throw new Error(`${path}: not a file`);
  const h5 = await loadH5();
  try {
    const file = new h5.File(path, 'r');
    file.keys();
    return { h5, file };
  } catch (error) {
    throw new Error(`${path}: not a readable MATLAB v7.3 (HDF5) file: ${hdf5Reason(error)}`);
  }
}

/** Runs `read` on the open file, closes it, and prefixes any error with the file's path. */
export async function withMatFile<T>(path: string, read: (h5: H5, file: H5File) => T): Promise<T> {
  const { h5, file } = await openMatFile(path);
  try {
    return read(h5, file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.startsWith(path) ? message : `${path}: ${message.startsWith('HDF5') ? hdf5Reason(error) : message}`);
  } finally {
    file.close();
  }
}
