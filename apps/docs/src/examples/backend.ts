// The backend every live example on a page shares, chosen once: WebGPU where the browser has an adapter, else WASM
// (with threads where the page is cross-origin isolated, i.e. served with COOP/COEP), from @icnn/runtime.
// `?backend=wasm|webgpu|cpu` in the page's address forces one, `?threads=N` sets WASM's thread count (the browser
// tests use both).
import { initBackend, type BackendInfo, type BackendName } from '@icnn/runtime';

export interface ExampleBackend extends BackendInfo {
  /** Whether the page is cross-origin isolated (SharedArrayBuffer, hence WASM threads, available). */
  crossOriginIsolated: boolean;
  /** Why a preferred backend was passed over, if one was. */
  fallbackReason?: string;
}

let chosen: Promise<ExampleBackend> | undefined;

/** The shared backend, initialised on first use. */
export function ensureBackend(): Promise<ExampleBackend> {
  chosen ??= chooseBackend();
  return chosen;
}

function requestedBackend(): BackendName | undefined {
  const value = new URLSearchParams(globalThis.location?.search ?? '').get('backend');
  if (value === null) return undefined;
  if (value === 'wasm' || value === 'webgpu' || value === 'cpu') return value;
  throw new Error(`?backend=${value}: choose wasm, webgpu or cpu`);
}

function requestedThreads(): number | undefined {
  const value = new URLSearchParams(globalThis.location?.search ?? '').get('threads');
  if (value === null) return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`?threads=${value}: give a positive integer`);
  return threads;
}

/** Where the site serves tfjs-backend-wasm's binaries (the page and its workers load them from there). */
export const WASM_PATHS = `${import.meta.env.BASE_URL}wasm/`;

/**
 * WASM options for this page: the binaries the site serves, and, when isolated, as many threads as logical cores
 * (tfjs-wasm caps the pool at half of them, at most 8).
 */
function wasmOptions(): { wasmPaths: string; threads?: number } {
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const threads = requestedThreads() ?? Math.max(1, Math.min(cores, 8));
  return { wasmPaths: WASM_PATHS, ...(isolated ? { threads } : {}) };
}

/**
 * The tfjs webgpu backend, bundled with the site: @icnn/runtime imports it by a computed name (so that bundlers skip
 * it for users who did not install it), which a browser cannot resolve, so the page hands it over.
 */
const WEBGPU_MODULES = { backend: () => import('@tensorflow/tfjs-backend-webgpu') };

async function chooseBackend(): Promise<ExampleBackend> {
  const requested = requestedBackend();
  const isolated = globalThis.crossOriginIsolated === true;
  if (requested === 'webgpu' || (requested === undefined && 'gpu' in (globalThis.navigator ?? {}))) {
    try {
      return { ...(await initBackend('webgpu', { webgpuModules: WEBGPU_MODULES })), crossOriginIsolated: isolated };
    } catch (error) {
      if (requested === 'webgpu') throw error;
      const info = await initBackend('wasm', wasmOptions());
      return { ...info, crossOriginIsolated: isolated, fallbackReason: `WebGPU: ${(error as Error).message}` };
    }
  }
  const info = await initBackend(requested ?? 'wasm', requested === 'cpu' ? {} : wasmOptions());
  return { ...info, crossOriginIsolated: isolated };
}

/** One line for the examples' status bar. */
export function describeBackend(info: ExampleBackend): string {
  const parts: string[] = [info.backend];
  if (info.backend === 'wasm') {
    parts.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`, info.simd ? 'SIMD' : 'no SIMD');
    if (!info.crossOriginIsolated) parts.push('page not cross-origin isolated, so no threads');
    // tfjs-wasm sizes its thread pool to half the logical cores (it assumes two hardware threads per core), at most 8.
    else if (info.threads === 1) parts.push(`tfjs-wasm uses half of the ${globalThis.navigator?.hardwareConcurrency ?? 1} logical cores`);
  }
  return parts.join(', ');
}
