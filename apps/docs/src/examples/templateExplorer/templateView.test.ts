// The template explorer's read-out in Node (cpu backend), against SPEC §1's formula written out here.
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateView } from './templateView';

describe('templateView', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('gives T_µ peaking at µ, with t_ij = τ·max(1 − β·|Δ|₁/n, −1) at every cell', async () => {
    const view = await templateView({ n: 6, beta: 4, norm: 'l1', mu: [1, 4], probe: [5, 0] });
    const tau = 0.5 / 36;
    expect(view.tau).toBeCloseTo(tau, 12);
    expect(view.peak).toEqual([1, 4]);
    expect(view.index).toBe(10);
    view.template.forEach((t, c) => {
      const d = Math.abs(Math.floor(c / 6) - 1) + Math.abs((c % 6) - 4);
      expect(t).toBeCloseTo(tau * Math.max(1 - (4 * d) / 6, -1), 7);
    });
    expect(view.probeValue).toBeCloseTo(-tau, 7); // d = 8: clipped
    expect(view.negativeValue).toBeCloseTo(-tau, 7);
    expect(view.prior.positive).toBeCloseTo(1 / 37, 7);
    expect(view.prior.negative).toBeCloseTo(1 / 37, 7);
    expect(view.all).toHaveLength(36 * 36);
    expect(view.all!.slice(10 * 36, 11 * 36)).toEqual(view.template);
  });

  it('uses the Euclidean distance for l2, and leaves out the grid above the limit', async () => {
    const view = await templateView({ n: 10, beta: 2, norm: 'l2', mu: [3, 3], probe: [6, 7] }, 8);
    expect(view.probeValue).toBeCloseTo((0.5 / 100) * (1 - (2 * 5) / 10), 7);
    expect(view.all).toBeNull();
  });

  it('names a cell outside the map', async () => {
    await expect(templateView({ n: 5, beta: 4, norm: 'l1', mu: [5, 0], probe: [0, 0] })).rejects.toThrow(/'mu' must be \[row, column\] with integers in 0…4/);
  });
});
