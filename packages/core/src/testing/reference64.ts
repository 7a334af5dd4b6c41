// Independent float64 implementations of SPEC §1–3 for the tests: plain loops over NHWC arrays, written from the
// formulas (not from the tensor code), with log-sum-exp where the formulas need it.

export interface Maps {
  data: Float64Array;
  b: number;
  n: number;
  c: number;
}

export const at = (m: Maps, b: number, i: number, j: number, c: number) => ((b * m.n + i) * m.n + j) * m.c + c;

export function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  if (!Number.isFinite(max)) return max;
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

/** Template k's value at (i, j); k = n² is the negative template. */
export function templateValue(n: number, k: number, i: number, j: number, tau = 0.5 / (n * n), beta = 4): number {
  if (k === n * n) return -tau;
  const mi = Math.floor(k / n);
  const mj = k % n;
  return tau * Math.max(1 - (beta * (Math.abs(i - mi) + Math.abs(j - mj))) / n, -1);
}

export function priors(n: number, alpha = (n * n) / (1 + n * n)): number[] {
  return [...Array<number>(n * n).fill(alpha / (n * n)), 1 - alpha];
}

/** S[b][k] = Σ_ij x_ij t_k,ij for filter c. */
export function scores(m: Maps, c: number): number[][] {
  const K = m.n * m.n + 1;
  const out: number[][] = [];
  for (let b = 0; b < m.b; b++) {
    const row: number[] = [];
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < m.n; i++) for (let j = 0; j < m.n; j++) s += m.data[at(m, b, i, j, c)] * templateValue(m.n, k, i, j);
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

export interface Terms64 {
  loss: number;
  priorEntropy: number;
  interCategoryEntropy: number;
  spatialEntropy: number;
}

/** −MI and its decomposition for filter c, straight from the definitions. */
export function terms(m: Maps, c: number): Terms64 {
  const n2 = m.n * m.n;
  const K = n2 + 1;
  const p = priors(m.n);
  const S = scores(m, c);
  const logZ = Array.from({ length: K }, (_, k) => logSumExp(S.map((row) => row[k])));
  const logLik = S.map((row) => row.map((s, k) => s - logZ[k]));
  const logPx = logLik.map((row) => logSumExp(row.map((l, k) => Math.log(p[k]) + l)));
  let loss = 0;
  for (let k = 0; k < K; k++) {
    for (let b = 0; b < m.b; b++) loss -= p[k] * Math.exp(logLik[b][k]) * (logLik[b][k] - logPx[b]);
  }
  const priorEntropy = -p.reduce((s, pk) => s + pk * Math.log(pk), 0);
  let inter = 0;
  let spatial = 0;
  for (let b = 0; b < m.b; b++) {
    const logPost = logLik[b].map((l, k) => Math.log(p[k]) + l - logPx[b]);
    const logPlus = logSumExp(logPost.slice(0, n2));
    const logMinus = logPost[n2];
    inter -= Math.exp(logPx[b]) * (Math.exp(logMinus) * logMinus + Math.exp(logPlus) * logPlus);
    let h = 0;
    for (let k = 0; k < n2; k++) h -= Math.exp(logPost[k] - logPlus) * (logPost[k] - logPlus);
    spatial += Math.exp(logPx[b] + logPlus) * h;
  }
  return { loss, priorEntropy, interCategoryEntropy: inter, spatialEntropy: spatial };
}

export function lossPerFilter(m: Maps): number[] {
  return Array.from({ length: m.c }, (_, c) => terms(m, c).loss);
}

/** First-maximum argmax cell of map (b, c). */
export function argmaxCell(m: Maps, b: number, c: number): [number, number] {
  let best = -Infinity;
  let cell: [number, number] = [0, 0];
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j < m.n; j++) {
      const v = m.data[at(m, b, i, j, c)];
      if (v > best) {
        best = v;
        cell = [i, j];
      }
    }
  }
  return cell;
}

/** The authors' rounded centroid, floor(v + 0.5), clamped at 0. */
export function centroidCell(m: Maps, b: number, c: number): [number, number] {
  let mass = 0;
  let si = 0;
  let sj = 0;
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j < m.n; j++) {
      const v = m.data[at(m, b, i, j, c)];
      mass += v;
      si += i * v;
      sj += j * v;
    }
  }
  mass = Math.max(mass, 1e-9);
  return [Math.max(0, Math.floor(si / mass + 0.5)), Math.max(0, Math.floor(sj / mass + 0.5))];
}

/** Mask value at (i, j) of map (b, c) for both variants (SPEC §2). */
export function maskAt(
  m: Maps,
  b: number,
  i: number,
  j: number,
  c: number,
  variant: 'paper' | 'authors',
  beta: number,
  scale: 'tau' | 'unit' = 'unit',
): number {
  if (variant === 'paper') {
    const [mi, mj] = argmaxCell(m, b, c);
    const unit = Math.max(1 - (beta * (Math.abs(i - mi) + Math.abs(j - mj))) / m.n, -1);
    return scale === 'tau' ? (unit * 0.5) / (m.n * m.n) : unit;
  }
  const [mi, mj] = centroidCell(m, b, c);
  const pos = (v: number) => (m.n > 1 ? -1 + (2 * v) / (m.n - 1) : 1);
  return Math.max(1 - beta * (Math.abs(pos(i) - pos(mi)) + Math.abs(pos(j) - pos(mj))), -1);
}
