// What the template explorer shows, computed with @icnn/templates: one positive template T_µ, where it peaks, its
// value at a probe cell, the negative template and the priors (SPEC §1).
import * as tf from '@tensorflow/tfjs-core';
import { createTemplates, disposeTemplates, type TemplateNorm } from '@icnn/templates';

export interface TemplateViewOptions {
  n: number;
  beta: number;
  norm: TemplateNorm;
  /** The template's centre [µi, µj]. */
  mu: readonly [number, number];
  /** The cell [i, j] whose value is reported. */
  probe: readonly [number, number];
}

export interface TemplateView {
  n: number;
  beta: number;
  norm: TemplateNorm;
  tau: number;
  alpha: number;
  mu: [number, number];
  /** Index of T_µ among the positive templates, µi·n + µj. */
  index: number;
  /** T_µ, n×n row-major. */
  template: number[];
  /** The argmax cell of T_µ (first maximum, row-major). */
  peak: [number, number];
  probe: [number, number];
  probeValue: number;
  /** The negative template's value (the same at every cell). */
  negativeValue: number;
  /** p(T_µ) for each positive template and p(T⁻). */
  prior: { positive: number; negative: number };
  /** Every positive template, n²×n² values (template k at k·n²), when n ≤ `gridLimit`. */
  all: number[] | null;
}

function assertCell(name: string, cell: readonly [number, number], n: number): void {
  if (!Array.isArray(cell) || cell.length !== 2 || !cell.every((v) => Number.isInteger(v) && v >= 0 && v < n)) {
    throw new RangeError(`templateView: '${name}' must be [row, column] with integers in 0…${n - 1}, got ${JSON.stringify(cell)}`);
  }
}

export async function templateView(options: TemplateViewOptions, gridLimit = 8): Promise<TemplateView> {
  const { n, beta, norm } = options;
  const templates = createTemplates({ n, beta, norm });
  try {
    assertCell('mu', options.mu, n);
    assertCell('probe', options.probe, n);
    const index = options.mu[0] * n + options.mu[1];
    const [template, argmax, negative, prior] = tf.tidy(() => {
      const one = tf.reshape(tf.slice(templates.positive, [index, 0, 0], [1, n, n]), [n * n]);
      return [one, tf.argMax(one), tf.slice(tf.reshape(templates.negative, [n * n]), [0], [1]), tf.gather(templates.prior, [0, n * n])];
    });
    const [values, peakIndex, negativeValue, priorValues, all] = await Promise.all([
      template.data(),
      argmax.data(),
      negative.data(),
      prior.data(),
      n <= gridLimit ? templates.positive.data() : Promise.resolve(null),
    ]);
    tf.dispose([template, argmax, negative, prior]);
    const peak = peakIndex[0];
    const probeIndex = options.probe[0] * n + options.probe[1];
    return {
      n,
      beta: templates.beta,
      norm: templates.norm,
      tau: templates.tau,
      alpha: templates.alpha,
      mu: [options.mu[0], options.mu[1]],
      index,
      template: Array.from(values),
      peak: [Math.floor(peak / n), peak % n],
      probe: [options.probe[0], options.probe[1]],
      probeValue: values[probeIndex],
      negativeValue: negativeValue[0],
      prior: { positive: priorValues[0], negative: priorValues[1] },
      all: all === null ? null : Array.from(all),
    };
  } finally {
    disposeTemplates(templates);
  }
}
