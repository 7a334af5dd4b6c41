// How icnn replaces tfjs-webgpu's conv gradient kernels: a tuning knob, since what is fastest depends on the GPU.
// Stock tfjs-webgpu 4.22 computes the weight gradient with one thread per weight looping over the whole batch and
// map (≈0.2 TFLOP/s on an H200, 2.2 s of a 2.4 s VGG-16 step), and the input gradient ≈2.5× slower than the
// forward convolution.

/**
 * Conv2DBackpropFilter on webgpu:
 * - 'splitK': per filter tap, a batched matrix product of the shifted input window with the output gradient, the
 *   reduction over batch × map split into groups so that many workgroups run, then summed (the default);
 * - 'conv': the wasm composition (one forward convolution of the transposed input with the output gradient as its
 *   filter) — few workgroups with very long reductions on large maps;
 * - 'stock': tfjs-webgpu's own kernel.
 */
export type FilterGradientKernel = 'splitK' | 'conv' | 'stock';
/** Conv2DBackpropInput on webgpu: 'conv', the forward convolution of the output gradient with the flipped filter (the default), or 'stock'. */
export type InputGradientKernel = 'conv' | 'stock';

export interface WebgpuKernelOptions {
  /** Default 'splitK'. */
  filterGradient?: FilterGradientKernel;
  /** Default 'conv'. */
  inputGradient?: InputGradientKernel;
  /**
   * 'splitK': the target length of each group's reduction (batch × output rows × columns per group). Smaller values
   * run more workgroups and write more partial sums. Default 1024.
   */
  splitInner?: number;
}

export type ResolvedWebgpuKernelOptions = Required<WebgpuKernelOptions>;

export const DEFAULT_WEBGPU_KERNEL_OPTIONS: ResolvedWebgpuKernelOptions = Object.freeze({
  filterGradient: 'splitK',
  inputGradient: 'conv',
  splitInner: 1024,
});

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`icnn webgpu kernels: '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Fills in the defaults and rejects unknown values, naming the option. */
export function resolveWebgpuKernelOptions(options: WebgpuKernelOptions = {}): ResolvedWebgpuKernelOptions {
  const splitInner = options.splitInner ?? DEFAULT_WEBGPU_KERNEL_OPTIONS.splitInner;
  if (!Number.isInteger(splitInner) || splitInner < 1) {
    throw new RangeError(`icnn webgpu kernels: 'splitInner' must be a positive integer, got ${String(splitInner)}`);
  }
  return {
    filterGradient: oneOf('filterGradient', options.filterGradient ?? DEFAULT_WEBGPU_KERNEL_OPTIONS.filterGradient, ['splitK', 'conv', 'stock'] as const),
    inputGradient: oneOf('inputGradient', options.inputGradient ?? DEFAULT_WEBGPU_KERNEL_OPTIONS.inputGradient, ['conv', 'stock'] as const),
    splitInner,
  };
}
