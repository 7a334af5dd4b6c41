// The heat-map colour scale: t in [0, 1] → RGB, dark blue through cyan, green and yellow to red (a perceptually
// ordered "jet"-like ramp, its stops chosen here), so that low activation reads cold and the peak hot.

const STOPS: readonly (readonly [number, number, number, number])[] = [
  [0, 48, 18, 59],
  [0.2, 65, 105, 225],
  [0.4, 30, 200, 200],
  [0.6, 120, 230, 70],
  [0.8, 250, 200, 40],
  [1, 200, 20, 20],
];

/** Colour of t (clamped to [0, 1]; NaN → the lowest colour), linearly interpolated between the stops. */
export function colormap(t: number): [number, number, number] {
  const v = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  let i = 1;
  while (i < STOPS.length - 1 && v > STOPS[i][0]) i++;
  const [t0, r0, g0, b0] = STOPS[i - 1];
  const [t1, r1, g1, b1] = STOPS[i];
  const w = (v - t0) / (t1 - t0);
  return [Math.round(r0 + w * (r1 - r0)), Math.round(g0 + w * (g1 - g0)), Math.round(b0 + w * (b1 - b0))];
}
