// Independent float64 write-ups of the paper's formulas for the tests, deliberately naive: plain loops, no shared
// code with the package.
type P = readonly [number, number] | null;

/** D_{f,k} per SPEC §6: std (N − 1) of ‖p_k − p_f‖/diag over the top-K images by score with both present. */
export function referenceD(positions: P[], scores: number[], landmarks: P[][], k: number, diagonal: number | number[], topK: number): number {
  const images: number[] = [];
  for (let i = 0; i < landmarks.length; i++) if (positions[i] && landmarks[i][k]) images.push(i);
  images.sort((a, b) => (scores[a] === scores[b] ? a - b : scores[b] - scores[a]));
  const used = images.slice(0, topK);
  if (used.length < 2) return NaN;
  const d = used.map((i) => {
    const p = positions[i]!;
    const q = landmarks[i][k]!;
    const diag = typeof diagonal === 'number' ? diagonal : diagonal[i];
    return Math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / diag;
  });
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
}

export function finiteMean(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

/** Single-category location instability: { value, perFilter, perFilterLandmark }. */
export function referenceInstability(positions: P[][], scores: number[][], landmarks: P[][], diagonal: number | number[], topK = 100) {
  const K = landmarks[0]?.length ?? 0;
  const perFilterLandmark = positions.map((row, f) => Array.from({ length: K }, (_, k) => referenceD(row, scores[f], landmarks, k, diagonal, topK)));
  const perFilter = perFilterLandmark.map(finiteMean);
  return { value: finiteMean(perFilter), perFilter, perFilterLandmark };
}

/** R² of the OLS fit of y on x (with intercept) via the normal equations, 1 − RSS/TSS. */
export function referenceR2(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - my - slope * (x[i] - mx)) ** 2;
  return 1 - rss / syy;
}

/** R² of the affine fit (tx, ty) ≈ A·(px, py) + b by solving the 3×3 normal equations per output (Cramer). */
export function referenceR2Combined(px: number[], py: number[], tx: number[], ty: number[]): number {
  const n = px.length;
  const rows = px.map((_, i) => [1, px[i], py[i]]);
  const m = [0, 1, 2].map((a) => [0, 1, 2].map((b) => rows.reduce((s, r) => s + r[a] * r[b], 0)));
  const det3 = (q: number[][]) =>
    q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  const det = det3(m);
  let rss = 0;
  let tss = 0;
  for (const t of [tx, ty]) {
    const rhs = [0, 1, 2].map((a) => rows.reduce((s, r, i) => s + r[a] * t[i], 0));
    const coef = [0, 1, 2].map((c) => det3(m.map((row, a) => row.map((v, b) => (b === c ? rhs[a] : v)))) / det);
    const mean = t.reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n; i++) {
      rss += (t[i] - (coef[0] + coef[1] * px[i] + coef[2] * py[i])) ** 2;
      tss += (t[i] - mean) ** 2;
    }
  }
  return 1 - rss / tss;
}
