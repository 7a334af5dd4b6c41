// Coefficients of determination of a linear fit from peak positions to landmark positions (float64).

/** Σ (a − ā)(b − b̄), computed about the first values so that constant inputs give exactly 0. */
function coMoment(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] - a[0];
    mb += b[i] - b[0];
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - a[0] - ma) * (b[i] - b[0] - mb);
  return s;
}

/**
 * R² of the least-squares line predicting `target` from `predictor` (with intercept): the share of target's variance
 * the line explains, corr(predictor, target)². 0 when the predictor is constant (the fit is the mean); NaN when the
 * target is constant (nothing to explain) or there are fewer than 2 values.
 */
export function rSquared1d(predictor: ArrayLike<number>, target: ArrayLike<number>): number {
  if (predictor.length < 2) return NaN;
  const stt = coMoment(target, target);
  if (!(stt > 0)) return NaN;
  const spp = coMoment(predictor, predictor);
  if (!(spp > 0)) return 0;
  const spt = coMoment(predictor, target);
  return Math.min(1, (spt * spt) / (spp * stt));
}

/**
 * R² of the least-squares affine map predicting the 2-D target (tx, ty) from the 2-D predictor (px, py):
 * 1 − (residual sum of squares over both coordinates) / (total sum of squares about the target's mean), i.e. the
 * share of the target's total position variance explained. The predictor's 2×2 scatter matrix is inverted on its
 * non-degenerate eigen-directions only (a pseudo-inverse), so peaks varying along one line, or not at all (→ 0),
 * are handled. NaN when the target does not vary or there are fewer than 2 points.
 */
export function rSquared2d(px: ArrayLike<number>, py: ArrayLike<number>, tx: ArrayLike<number>, ty: ArrayLike<number>): number {
  if (px.length < 2) return NaN;
  const total = coMoment(tx, tx) + coMoment(ty, ty);
  if (!(total > 0)) return NaN;
  const a = coMoment(px, px);
  const b = coMoment(px, py);
  const c = coMoment(py, py);
  // Cross moments: row = predictor coordinate, column = target coordinate.
  const cross = [
    [coMoment(px, tx), coMoment(px, ty)],
    [coMoment(py, tx), coMoment(py, ty)],
  ];
  const directions: [number, number, number][] = []; // [eigenvalue, vx, vy]
  if (b === 0) {
    directions.push([a, 1, 0], [c, 0, 1]);
  } else {
    const half = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    for (const lambda of [half + radius, half - radius]) {
      const norm = Math.hypot(b, lambda - a);
      directions.push([lambda, b / norm, (lambda - a) / norm]);
    }
  }
  const largest = Math.max(a, c, ...directions.map((d) => d[0]));
  let explained = 0;
  for (const [lambda, vx, vy] of directions) {
    if (!(lambda > largest * 1e-12)) continue;
    // Projection of the cross moments on direction v: explained += ‖vᵀ S_pt‖² / λ.
    const ex = vx * cross[0][0] + vy * cross[1][0];
    const ey = vx * cross[0][1] + vy * cross[1][1];
    explained += (ex * ex + ey * ey) / lambda;
  }
  return Math.min(1, Math.max(0, explained / total));
}
