// WebGPU: the browser's navigator.gpu, or in Node the optional npm `webgpu` package (Dawn). The tfjs webgpu backend
// registers itself only if navigator.gpu exists when it is first imported, so Dawn is installed first.
import { version_core } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors';
import { importOptional } from '../importOptional';
import type { InitBackendOptions, PreparedBackend } from '../types';

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

async function installDawn(): Promise<GpuLike> {
  const dawn = await importOptional<DawnModule>('webgpu', 'webgpu');
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

export async function prepareWebgpu(options: InitBackendOptions): Promise<PreparedBackend> {
  const gpu = currentGpu() ?? (await installDawn());
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter == null) {
    throw new BackendUnavailableError(
      'webgpu',
      'navigator.gpu found no GPU adapter (no WebGPU-capable GPU or driver here; in Node, Dawn needs a Vulkan driver ' +
        'that supports its required features — software Vulkan such as lavapipe does not).',
    );
  }
  const mod = await importOptional<{ version_webgpu: string }>('webgpu', '@tensorflow/tfjs-backend-webgpu');
  if (mod == null) {
    throw new BackendUnavailableError('webgpu', `not installed: npm install @tensorflow/tfjs-backend-webgpu@${version_core}`);
  }
  const info = adapter.info ?? {};
  return {
    versions: { '@tensorflow/tfjs-backend-webgpu': mod.version_webgpu },
    async describe() {
      const words = [info.vendor, info.architecture, info.device, info.description].filter((w) => w);
      return { threads: 0, simd: false, device: words.length ? words.join(' ') : 'WebGPU adapter' };
    },
  };
}
