// WebGPU: the browser's navigator.gpu, or in Node the optional npm `webgpu` package (Dawn). The tfjs webgpu backend
// registers itself only if navigator.gpu exists when it is first imported, so Dawn is installed first.
import { findBackendFactory, version_core } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors';
import { importOptional } from '../importOptional';
import type { InitBackendOptions, PreparedBackend, WebgpuModules } from '../types';

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

function currentGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

/** Runs a caller's loader, explaining a failure the way importOptional does. */
async function load<T>(what: string, loader: () => Promise<unknown>): Promise<T> {
  try {
    return (await loader()) as T;
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `loading ${what} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function installDawn(modules: WebgpuModules): Promise<GpuLike> {
  const dawn = modules.dawn ? await load<DawnModule>('Dawn (webgpuModules.dawn)', modules.dawn) : await importOptional<DawnModule>('webgpu', 'webgpu');
  if (dawn == null) {
    throw new BackendUnavailableError(
      'webgpu',
      'this JavaScript runtime has no navigator.gpu. In Node, install the optional Dawn binding: npm install webgpu@0.6.2 ' +
        '(it needs a Vulkan driver: libvulkan1 and the GPU vendor ICD).',
    );
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const g = globalThis as unknown as { navigator?: Record<string, unknown> };
  if (g.navigator == null) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}

// tfjs-backend-webgpu 4.22 exports no version (the other tfjs packages do); it is checked when present.
type TfjsWebgpuModule = { version_webgpu?: string };

async function loadTfjsWebgpu(modules: WebgpuModules): Promise<TfjsWebgpuModule> {
  const mod = modules.backend
    ? await load<TfjsWebgpuModule>('@tensorflow/tfjs-backend-webgpu (webgpuModules.backend)', modules.backend)
    : await importOptional<TfjsWebgpuModule>('webgpu', '@tensorflow/tfjs-backend-webgpu');
  if (mod == null) {
    throw new BackendUnavailableError('webgpu', `not installed: npm install @tensorflow/tfjs-backend-webgpu@${version_core}`);
  }
  if (!findBackendFactory('webgpu')) {
    throw new BackendUnavailableError(
      'webgpu',
      '@tensorflow/tfjs-backend-webgpu loaded but registered no backend: it was imported before navigator.gpu existed. ' +
        'Import it only through initBackend (or webgpuModules.backend).',
    );
  }
  return mod;
}

const PROVIDED = Symbol.for('icnn.webgpuModules');

/**
 * Sets the loaders initBackend('webgpu') uses when a call gives no `webgpuModules`: a bundled program registers
 * them once (before code it does not control calls initBackend), e.g. `provideWebgpuModules({ backend: () =>
 * import('@tensorflow/tfjs-backend-webgpu'), dawn: () => import('webgpu') })`.
 */
export function provideWebgpuModules(modules: WebgpuModules): void {
  (globalThis as Record<symbol, unknown>)[PROVIDED] = modules;
}

export async function prepareWebgpu(options: InitBackendOptions): Promise<PreparedBackend> {
  const modules = options.webgpuModules ?? ((globalThis as Record<symbol, unknown>)[PROVIDED] as WebgpuModules | undefined) ?? {};
  const gpu = currentGpu() ?? (await installDawn(modules));
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter == null) {
    throw new BackendUnavailableError(
      'webgpu',
      'navigator.gpu found no GPU adapter (no WebGPU-capable GPU or driver here; in Node, Dawn needs a Vulkan driver ' +
        'that supports its required features — software Vulkan such as lavapipe does not).',
    );
  }
  const mod = await loadTfjsWebgpu(modules);
  const info = adapter.info ?? {};
  return {
    versions: mod.version_webgpu ? { '@tensorflow/tfjs-backend-webgpu': mod.version_webgpu } : {},
    async describe() {
      const words = [info.vendor, info.architecture, info.device, info.description].filter((w) => w);
      return { threads: 0, simd: false, device: words.length ? words.join(' ') : 'WebGPU adapter' };
    },
  };
}
