// The pool after the new conv layer (SPEC §4), which sets the head's k: 3×3 stride 2 for AlexNet and VGG-M (13 → 6),
// 3×3 stride 3 after one zero row and column at the bottom and right for VGG-S (17 → 6), 2×2 stride 2 for VGG-16
// (14 → 7). Other backbones (ResNets, plugins) and inputs too small for the named pool get 2×2 stride 2, or no pool
// on a 1×1 map.
import { paddingPair, type Padding } from '@icnn/backbone';

export interface PoolSpec {
  kernel: number;
  stride: number;
  /** Zero padding, one number or [top/left, bottom/right]. Default 0. */
  padding?: Padding;
}

const NAMED_POOLS: Readonly<Record<string, PoolSpec>> = {
  alexnet: { kernel: 3, stride: 2 },
  'vgg-m': { kernel: 3, stride: 2 },
  'vgg-s': { kernel: 3, stride: 3, padding: [0, 1] },
  vgg16: { kernel: 2, stride: 2 },
};

/** Output side of `pool` on an n×n map (0 when the window does not fit). */
export function pooledSize(n: number, pool: PoolSpec): number {
  const [before, after] = paddingPair(pool.padding);
  const padded = n + before + after;
  return padded < pool.kernel ? 0 : Math.floor((padded - pool.kernel) / pool.stride) + 1;
}

/** The pool for `backbone`'s n×n interpretable map; `override` (checked) when given. */
export function postPoolFor(backbone: string, n: number, override?: PoolSpec): PoolSpec {
  if (override !== undefined) {
    const { kernel, stride } = override;
    if (!Number.isInteger(kernel) || kernel < 1 || !Number.isInteger(stride) || stride < 1) {
      throw new RangeError(`buildInterpretableNet: 'pool' needs positive integer kernel and stride, got ${JSON.stringify(override)}`);
    }
    if (pooledSize(n, override) < 1) {
      throw new RangeError(`buildInterpretableNet: 'pool' ${JSON.stringify(override)} does not fit the ${n}×${n} map of the new layer`);
    }
    return override;
  }
  const named = NAMED_POOLS[backbone];
  if (named !== undefined && pooledSize(n, named) >= 1) return named;
  return n >= 2 ? { kernel: 2, stride: 2 } : { kernel: 1, stride: 1 };
}
