// A float64 depthwise convolution and its two gradients, written as plain loops from the definition (independent of
// tfjs): the reference the backends' depthwise kernels are tested against.
//   y[b, r, c, ci·m + q] = Σ_kh,kw x[b, r·sh + kh − top, c·sw + kw − left, ci] · W[kh, kw, ci, q]   (x = 0 outside)

export type Shape4 = [number, number, number, number];
export type DepthwisePad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

export interface DepthwiseGeometry {
  x: Shape4;
  filter: Shape4;
  strides: [number, number];
  top: number;
  left: number;
  out: Shape4;
}

/** Output size and top/left padding as TensorFlow defines them ('same': ceil(n/s), the odd pixel at the end). */
export function depthwiseGeometry(x: Shape4, filter: Shape4, strides: number | [number, number], pad: DepthwisePad): DepthwiseGeometry {
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  const axis = (n: number, k: number, s: number, a: 1 | 2): [number, number] => {
    if (pad === 'same') {
      const out = Math.ceil(n / s);
      return [out, Math.floor(Math.max((out - 1) * s + k - n, 0) / 2)];
    }
    if (pad === 'valid') return [Math.ceil((n - k + 1) / s), 0];
    const [before, after] = typeof pad === 'number' ? [pad, pad] : pad[a];
    return [Math.floor((n + before + after - k) / s) + 1, before];
  };
  const [oh, top] = axis(x[1], filter[0], sh, 1);
  const [ow, left] = axis(x[2], filter[1], sw, 2);
  return { x, filter, strides: [sh, sw], top, left, out: [x[0], oh, ow, filter[2] * filter[3]] };
}

/** Visits every (output cell, tap) pair that reads an input pixel: (y index, x index, w index). */
function forEachTap(g: DepthwiseGeometry, visit: (yi: number, xi: number, wi: number) => void): void {
  const [batch, inH, inW, channels] = g.x;
  const [kh, kw, , m] = g.filter;
  const [, oh, ow] = g.out;
  for (let b = 0; b < batch; b++)
    for (let r = 0; r < oh; r++)
      for (let c = 0; c < ow; c++)
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const xr = r * g.strides[0] + i - g.top;
            const xc = c * g.strides[1] + j - g.left;
            if (xr < 0 || xr >= inH || xc < 0 || xc >= inW) continue;
            for (let ci = 0; ci < channels; ci++)
              for (let q = 0; q < m; q++) {
                const yi = ((b * oh + r) * ow + c) * channels * m + ci * m + q;
                const xi = ((b * inH + xr) * inW + xc) * channels + ci;
                visit(yi, xi, ((i * kw + j) * channels + ci) * m + q);
              }
          }
}

export function depthwiseForward64(g: DepthwiseGeometry, x: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const y = new Float64Array(g.out.reduce((a, b) => a * b));
  forEachTap(g, (yi, xi, wi) => (y[yi] += x[xi] * w[wi]));
  return y;
}

/** dL/dx and dL/dW of L = Σ y · dy. */
export function depthwiseGradients64(g: DepthwiseGeometry, x: ArrayLike<number>, w: ArrayLike<number>, dy: ArrayLike<number>) {
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  forEachTap(g, (yi, xi, wi) => {
    dx[xi] += dy[yi] * w[wi];
    dw[wi] += dy[yi] * x[xi];
  });
  return { dx, dw };
}
