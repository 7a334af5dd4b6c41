// The SIMD WebAssembly weight-gradient module (wasm-src/filterGradient.c), instantiated once, on first use, with
// a memory of its own: the kernel copies its inputs in and the gradient out, O(data) against the GEMM's
// O(data · kernel size · channels). Null where WebAssembly or its SIMD is missing, so that callers fall back.
import { FILTER_GRADIENT_WASM_BASE64 } from './filterGradientWasm.generated';

/** The geometry `filter_gradient` takes after its three buffers (see filterGradient.c). */
export interface FilterGradientGeometry {
  batch: number;
  paddedHeight: number;
  paddedWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
}

export interface FilterGradientModule {
  /**
   * Makes room for `floats` floats after the module's own data and returns a view of its memory with the index of
   * the first free float (16-byte aligned). The view is valid until the next `reserve`.
   */
  reserve(floats: number): { heap: Float32Array; start: number };
  /** Adds the gradient of x (padded, at float index `x`) and dy (at `dy`) into dw (at `dw`, row stride Co rounded up to 4). */
  filterGradient(x: number, dy: number, dw: number, g: FilterGradientGeometry): void;
}

interface Exports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  filter_gradient(x: number, dy: number, dw: number, ...geometry: number[]): void;
}

const PAGE_BYTES = 65536;
let cached: FilterGradientModule | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(): FilterGradientModule | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = decodeBase64(FILTER_GRADIENT_WASM_BASE64);
  if (!WebAssembly.validate(bytes)) return null; // an engine without WebAssembly SIMD
  let exports: Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
  } catch {
    return null; // e.g. a page whose content security policy forbids WebAssembly compilation
  }
  const start = Math.ceil(exports.heap_base() / 16) * 4;
  return {
    reserve(floats) {
      const bytesNeeded = (start + floats) * 4;
      const { memory } = exports;
      if (memory.buffer.byteLength < bytesNeeded) memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / PAGE_BYTES));
      return { heap: new Float32Array(memory.buffer), start };
    },
    filterGradient(x, dy, dw, g) {
      exports.filter_gradient(
        x * 4,
        dy * 4,
        dw * 4,
        g.batch,
        g.paddedHeight,
        g.paddedWidth,
        g.inChannels,
        g.outHeight,
        g.outWidth,
        g.outChannels,
        g.filterHeight,
        g.filterWidth,
        g.strideHeight,
        g.strideWidth,
      );
    },
  };
}

/** The module, or null where this engine cannot run it. */
export function filterGradientModule(): FilterGradientModule | null {
  if (cached === undefined) cached = instantiate();
  return cached;
}
