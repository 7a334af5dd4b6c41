// Mixed @tensorflow/* versions register kernels twice or miss backends with baffling errors; refuse them up front.
import { version_core } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from './errors';

/** Throws when any of the given @tensorflow packages differs from the loaded @tensorflow/tfjs-core. */
export function assertMatchingVersions(backend: string, versions: Record<string, string | undefined>): void {
  const all: Record<string, string | undefined> = { '@tensorflow/tfjs-core': version_core, ...versions };
  const mismatched = Object.entries(all).filter(([, v]) => v != null && v !== version_core);
  if (mismatched.length > 0) {
    const listing = Object.entries(all)
      .filter(([, v]) => v != null)
      .map(([name, v]) => `${name}@${v}`)
      .join(', ');
    throw new BackendUnavailableError(
      backend,
      `mixed TensorFlow.js versions (${listing}). Install every @tensorflow/* package at ${version_core}, ` +
        `e.g. npm install ${mismatched.map(([name]) => `${name}@${version_core}`).join(' ')}`,
    );
  }
}
