// Joins path segments under a dataset root and refuses any result outside it ('..', absolute segments).
import { isAbsolute, relative, resolve } from 'node:path';

export function resolveInside(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const path = resolve(base, ...segments);
  const rel = relative(base, path);
  if (rel === '..' || rel.startsWith('..' + '/') || rel.startsWith('..\\') || isAbsolute(rel)) {
    throw new Error(`path ${JSON.stringify(segments.join('/'))} escapes the dataset root ${base}`);
  }
  return path;
}
