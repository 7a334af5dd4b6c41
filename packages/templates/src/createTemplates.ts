// Part templates and priors (SPEC §1): n² positive templates, one per location µ (index µi·n + µj), a negative
// template, and the prior vector [α/n² × n², 1 − α].
import { tensor1d, tensor2d, tensor3d, type Tensor1D, type Tensor2D, type Tensor3D } from '@tensorflow/tfjs-core';
import { fillPositiveTemplate, type TemplateNorm } from './templateValues';
import { assertNumber } from './validate';

export interface TemplateOptions {
  /** Feature-map side: maps are n×n. */
  n: number;
  /** Template scale; default 0.5/n². */
  tau?: number;
  /** Fall-off of a positive template; default 4. */
  beta?: number;
  /** Prior mass of the positive templates together; default n²/(1 + n²). */
  alpha?: number;
  /** Distance in the positive templates: 'l1' (the paper's, default) or 'l2'. */
  norm?: TemplateNorm;
}

export interface Templates {
  n: number;
  tau: number;
  beta: number;
  alpha: number;
  norm: TemplateNorm;
  /** [n², n, n]; template k = µi·n + µj is centred at (µi, µj). */
  positive: Tensor3D;
  /** [n, n], −τ everywhere. */
  negative: Tensor2D;
  /** [n² + 1]: α/n² for each positive template, then 1 − α for the negative one. */
  prior: Tensor1D;
}

export function createTemplates(options: TemplateOptions): Templates {
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`createTemplates: expected an options object { n, tau?, beta?, alpha?, norm? }, got ${String(options)}`);
  }
  const { n } = options;
  assertNumber('n', n, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const cells = n * n;
  const tau = options.tau ?? 0.5 / cells;
  const beta = options.beta ?? 4;
  const alpha = options.alpha ?? cells / (1 + cells);
  const norm = options.norm ?? 'l1';
  assertNumber('tau', tau, (v) => v > 0, 'a positive number');
  assertNumber('beta', beta, (v) => v > 0, 'a positive number');
  assertNumber('alpha', alpha, (v) => v > 0 && v < 1, 'in (0, 1)');
  if (norm !== 'l1' && norm !== 'l2') throw new RangeError(`createTemplates: 'norm' must be 'l1' or 'l2', got ${String(norm)}`);

  const positiveValues = new Float32Array(cells * cells);
  for (let mui = 0; mui < n; mui++) {
    for (let muj = 0; muj < n; muj++) {
      fillPositiveTemplate(positiveValues, (mui * n + muj) * cells, n, mui, muj, tau, beta, norm);
    }
  }
  const priorValues = new Float32Array(cells + 1).fill(alpha / cells);
  priorValues[cells] = 1 - alpha;
  return {
    n,
    tau,
    beta,
    alpha,
    norm,
    positive: tensor3d(positiveValues, [cells, n, n]),
    negative: tensor2d(new Float32Array(cells).fill(-tau), [n, n]),
    prior: tensor1d(priorValues),
  };
}

/** Disposes the tensors of a template set. */
export function disposeTemplates(templates: Templates): void {
  templates.positive.dispose();
  templates.negative.dispose();
  templates.prior.dispose();
}
