// The "tensorflow" backend: libtensorflow through @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node (CPU),
// both optional peers whose install scripts download libtensorflow.
import { findBackendFactory, version_core } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors';
import { importOptional } from '../importOptional';
import type { InitBackendOptions, PreparedBackend } from '../types';

interface TfjsNodeModule {
  version?: string | Record<string, string>;
  version_core?: string;
}

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export async function prepareTensorflow(options: InitBackendOptions): Promise<PreparedBackend> {
  const wanted = options.tensorflowPackage ? [options.tensorflowPackage] : PACKAGES;
  for (const pkg of wanted) {
    const mod = await importOptional<TfjsNodeModule>('tensorflow', pkg);
    if (mod == null) continue;
    if (!findBackendFactory('tensorflow')) {
      throw new BackendUnavailableError('tensorflow', `${pkg} loaded but registered no 'tensorflow' backend`);
    }
    const own = typeof mod.version === 'string' ? mod.version : (mod.version?.['tfjs-node'] ?? mod.version_core);
    return {
      versions: { [pkg]: own ?? 'unknown', ...(mod.version_core ? { [`@tensorflow/tfjs-core (used by ${pkg})`]: mod.version_core } : {}) },
      async describe() {
        return {
          threads: 0,
          simd: false,
          device: pkg.endsWith('-gpu') ? 'libtensorflow with CUDA (tfjs-node-gpu)' : 'libtensorflow on the CPU (tfjs-node)',
        };
      },
    };
  }
  throw new BackendUnavailableError(
    'tensorflow',
    `not installed. Install ${wanted.map((p) => `${p}@${version_core}`).join(' or ')} ` +
      '(its install script downloads libtensorflow; the GPU build needs CUDA 11.2 and cuDNN 8.1). ' +
      "Without it, use initBackend('wasm').",
  );
}
