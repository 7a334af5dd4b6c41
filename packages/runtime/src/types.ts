import type { WebgpuKernelOptions } from './webgpu/webgpuKernelOptions';

export type BackendName = 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';

/**
 * Loaders for the optional WebGPU packages, for bundles: the runtime imports them by computed names (so that
 * bundlers skip packages a user did not install), which a bundler cannot follow. Each is called only when needed;
 * `backend` after navigator.gpu exists (tfjs-webgpu registers itself only then).
 */
export interface WebgpuModules {
  /** e.g. `() => import('@tensorflow/tfjs-backend-webgpu')`. */
  backend?: () => Promise<unknown>;
  /** Node only, e.g. `() => import('webgpu')` (Dawn). */
  dawn?: () => Promise<unknown>;
}

/** What `initBackend` got. */
export interface BackendInfo {
  /** The active tfjs backend. */
  backend: BackendName;
  /** Threads the backend computes with (1 for wasm in Node, where tfjs disables its worker threads). */
  threads: number;
  /** Whether WASM SIMD is on (wasm only; false elsewhere). */
  simd: boolean;
  /** The device, in words (CPU model, GPU adapter, or the TensorFlow build). */
  device: string;
  /** Kernels icnn registered or replaced on this backend for training. */
  trainingKernels: string[];
  /** Versions of the @tensorflow packages in use. */
  versions: Record<string, string>;
}

export interface InitBackendOptions {
  /** wasm: where the .wasm files are served from (browsers; Node finds them itself). */
  wasmPaths?: string | Record<string, string>;
  /** wasm: threads to use where threads are available (browsers with cross-origin isolation). */
  threads?: number;
  /** tensorflow: which binding to load; default: tfjs-node-gpu if installed, else tfjs-node. */
  tensorflowPackage?: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';
  /** webgpu: adapter power preference. */
  powerPreference?: 'high-performance' | 'low-power';
  /** webgpu: which conv gradient kernels icnn installs (a tuning knob; see the README's GPU section). */
  webgpuKernels?: WebgpuKernelOptions;
  /** webgpu: how to load the optional packages when the runtime is bundled. */
  webgpuModules?: WebgpuModules;
}

/** A prepared backend: registered with tfjs, ready for `tf.setBackend(name)`. */
export interface PreparedBackend {
  versions: Record<string, string>;
  describe(): Promise<{ threads: number; simd: boolean; device: string }>;
}
