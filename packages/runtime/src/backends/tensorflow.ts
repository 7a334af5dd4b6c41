// The "tensorflow" backend: libtensorflow through @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node (CPU),
// both optional peers whose install scripts download libtensorflow. Without a choice, tfjs-node-gpu is tried first
// and tfjs-node next, also when tfjs-node-gpu is installed but cannot load (no CUDA 11.2 / cuDNN 8.1 libraries).
import { backend as activeBackend, findBackendFactory, version_core } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors';
import { importOptional } from '../importOptional';
import type { InitBackendOptions, PreparedBackend } from '../types';

interface TfjsNodeModule {
  version?: string | Record<string, string>;
  version_core?: string;
}

/** What tfjs-node's backend reports about itself. */
interface NodeBackendFlags {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function describeDevice(pkg: string, skipped: string[]): string {
  const flags = activeBackend() as unknown as NodeBackendFlags;
  const device = !pkg.endsWith('-gpu')
    ? 'libtensorflow on the CPU (tfjs-node)'
    : flags.isUsingGpuDevice === false
      ? 'libtensorflow on the CPU: tfjs-node-gpu found no CUDA GPU'
      : 'libtensorflow with CUDA (tfjs-node-gpu)';
  return skipped.length > 0 ? `${device}; ${skipped.join('; ')}` : device;
}

export async function prepareTensorflow(options: InitBackendOptions): Promise<PreparedBackend> {
  const wanted = options.tensorflowPackage ? [options.tensorflowPackage] : PACKAGES;
  const skipped: string[] = [];
  for (const pkg of wanted) {
    let mod: TfjsNodeModule | undefined;
    try {
      mod = await importOptional<TfjsNodeModule>('tensorflow', pkg);
    } catch (error) {
      // Installed but not loadable (tfjs-node-gpu without CUDA): say so, and try the next binding if there is one.
      if (!(error instanceof BackendUnavailableError) || wanted.length === 1) throw error;
      skipped.push(`${pkg} failed to load (${error.message.replace(/^icnn backend 'tensorflow': /, '')})`);
      continue;
    }
    if (mod == null) continue;
    if (!findBackendFactory('tensorflow')) {
      throw new BackendUnavailableError('tensorflow', `${pkg} loaded but registered no 'tensorflow' backend`);
    }
    const own = typeof mod.version === 'string' ? mod.version : (mod.version?.['tfjs-node'] ?? mod.version_core);
    return {
      versions: { [pkg]: own ?? 'unknown', ...(mod.version_core ? { [`@tensorflow/tfjs-core (used by ${pkg})`]: mod.version_core } : {}) },
      async describe() {
        return { threads: 0, simd: false, device: describeDevice(pkg, skipped) };
      },
    };
  }
  if (skipped.length > 0) throw new BackendUnavailableError('tensorflow', skipped.join('; '));
  throw new BackendUnavailableError(
    'tensorflow',
    `not installed. Install ${wanted.map((p) => `${p}@${version_core}`).join(' or ')} ` +
      '(its install script downloads libtensorflow; the GPU build needs CUDA 11.2 and cuDNN 8.1). ' +
      "Without it, use initBackend('wasm').",
  );
}
