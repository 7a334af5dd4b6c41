// Part masks carried through a PointTransform (crop, resize, flip, or back), by nearest-neighbour sampling.
import type { PartMask } from '../sample';
import { applyTransform, invertTransform, type PointTransform } from './transform';

const EMPTY: PartMask = { x0: 0, y0: 0, width: 0, height: 0, data: new Uint8Array(0) };

/**
 * `mask` in the frame that `t` maps to, over a `width × height` target image: target pixel (u, v) is on the mask
 * when the source pixel nearest to t⁻¹(u, v) is. The result is stored over its own box, like every PartMask.
 */
export function transformMask(mask: PartMask, t: PointTransform, width: number, height: number): PartMask {
  if (mask.width === 0 || mask.height === 0) return { ...EMPTY, data: new Uint8Array(0) };
  // The mask's box edges (pixel edges, ±½) in the target frame bound the target pixels that can be on it.
  const [ax, ay] = applyTransform(t, mask.x0 - 0.5, mask.y0 - 0.5);
  const [bx, by] = applyTransform(t, mask.x0 + mask.width - 0.5, mask.y0 + mask.height - 0.5);
  const u0 = Math.max(0, Math.floor(Math.min(ax, bx)));
  const u1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx)));
  const v0 = Math.max(0, Math.floor(Math.min(ay, by)));
  const v1 = Math.min(height - 1, Math.ceil(Math.max(ay, by)));
  if (u0 > u1 || v0 > v1) return { ...EMPTY, data: new Uint8Array(0) };
  const inverse = invertTransform(t);
  const w = u1 - u0 + 1;
  const h = v1 - v0 + 1;
  const full = new Uint8Array(w * h);
  let tx0 = Infinity;
  let ty0 = Infinity;
  let tx1 = -1;
  let ty1 = -1;
  for (let v = v0; v <= v1; v++) {
    const r = Math.round(inverse.sy * v + inverse.ty) - mask.y0;
    if (r < 0 || r >= mask.height) continue;
    for (let u = u0; u <= u1; u++) {
      const c = Math.round(inverse.sx * u + inverse.tx) - mask.x0;
      if (c < 0 || c >= mask.width || mask.data[r * mask.width + c] !== 1) continue;
      full[(v - v0) * w + (u - u0)] = 1;
      if (u < tx0) tx0 = u;
      if (u > tx1) tx1 = u;
      if (v < ty0) ty0 = v;
      if (v > ty1) ty1 = v;
    }
  }
  if (tx1 < 0) return { ...EMPTY, data: new Uint8Array(0) };
  const outW = tx1 - tx0 + 1;
  const outH = ty1 - ty0 + 1;
  const data = new Uint8Array(outW * outH);
  for (let v = ty0; v <= ty1; v++) {
    const from = (v - v0) * w + (tx0 - u0);
    data.set(full.subarray(from, from + outW), (v - ty0) * outW);
  }
  return { x0: tx0, y0: ty0, width: outW, height: outH, data };
}
