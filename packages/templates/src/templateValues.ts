// The template formula of SPEC §1 as plain numbers, shared by the tensor factory and by callers that need a single
// template (the paper mask) without building all n² of them.

export type TemplateNorm = 'l1' | 'l2';

/** Distance of cell (i, j) from (µi, µj) in cells: |Δi| + |Δj| (l1) or √(Δi² + Δj²) (l2). */
export function cellDistance(i: number, j: number, mui: number, muj: number, norm: TemplateNorm): number {
  const di = i - mui;
  const dj = j - muj;
  return norm === 'l1' ? Math.abs(di) + Math.abs(dj) : Math.sqrt(di * di + dj * dj);
}

/** t_ij = τ · max(1 − β·dist/n, −1) for the positive template centred at (µi, µj), row-major into `out`. */
export function fillPositiveTemplate(
  out: Float32Array,
  offset: number,
  n: number,
  mui: number,
  muj: number,
  tau: number,
  beta: number,
  norm: TemplateNorm,
): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[offset + i * n + j] = tau * Math.max(1 - (beta * cellDistance(i, j, mui, muj, norm)) / n, -1);
    }
  }
}
