export type BackendName = 'wasm' | 'cpu' | 'tensorflow' | 'webgpu';

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
}

/** A prepared backend: registered with tfjs, ready for `tf.setBackend(name)`. */
export interface PreparedBackend {
  versions: Record<string, string>;
  describe(): Promise<{ threads: number; simd: boolean; device: string }>;
}
