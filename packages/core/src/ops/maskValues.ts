// The mask of SPEC §2 for every map of a batch, [B, n, n, C]: a template centred on each map's peak.
//  paper:   τ·max(1 − β·d/n, −1) at the argmax cell ('unit' scale drops τ)
//  authors: max(1 − β_c·d', −1), d' the L1 distance on linspace(−1, 1, n) to the rounded activation centroid
import * as tf from '@tensorflow/tfjs-core';
import type { TemplateNorm } from '@icnn/templates';
import { argmaxPeak, centrePeak, centroidPeak, linearFallOff, type Peak } from './maskGeometry';

export type MaskVariant = 'paper' | 'authors';
export type MaskScale = 'tau' | 'unit';
/** Where the mask is centred: on each map's own peak (the method), or on the map's centre for every map (a control). */
export type MaskPlacement = 'peak' | 'centre';

export interface MaskOptions {
  /** 'paper' (argmax cell, default) or 'authors' (rounded centroid, learned β). */
  variant?: MaskVariant;
  /** Fall-off: a number, or one value per channel (Tensor1D [C]). Default 4 (paper), 2 (authors' initial β). */
  beta?: number | tf.Tensor1D;
  /**
   * Paper variant only: 'tau' is the literal template τ·max(1 − β·d/n, −1); 'unit' (default) divides it by τ.
   * The literal τ = 0.5/n² (1/338 at n = 13) shrinks the signal passed on through two masked layers by about
   * 1e-5, which starves a freshly initialised head; 'unit' keeps activations on their own scale, as the authors'
   * mask does.
   */
  maskScale?: MaskScale;
  /** Template scale for maskScale 'tau'; default 0.5/n². */
  tau?: number;
  /** Paper variant: the distance of the templates, 'l1' (default) or 'l2'. */
  norm?: TemplateNorm;
  /**
   * 'peak' (default): the variant's µ (argmax or centroid). 'centre': µ = ((n−1)/2, (n−1)/2) for every map — the
   * fixed-placement control of the reproduction, which asks how much of the effect the mask alone gives.
   */
  placement?: MaskPlacement;
}

export const DEFAULT_BETA: Record<MaskVariant, number> = { paper: 4, authors: 2 };

/** β as something that broadcasts against [B, n, n, C]. */
export function betaTensor(beta: number | tf.Tensor): tf.Tensor {
  if (typeof beta === 'number') return tf.scalar(beta);
  return beta.rank === 0 ? beta : tf.reshape(beta, [1, 1, 1, -1]);
}

/** The mask values for `x` (no gradient flows through them). */
export function maskValues(x: tf.Tensor4D, options: MaskOptions = {}): tf.Tensor4D {
  const variant = options.variant ?? 'paper';
  const n = x.shape[1];
  return tf.tidy(() => {
    const centred = options.placement === 'centre';
    if (variant === 'paper') return paperMask(centred ? centrePeak(x.shape) : argmaxPeak(x), n, options);
    return authorsMask(centred ? centrePeak(x.shape) : centroidPeak(x), betaTensor(options.beta ?? DEFAULT_BETA.authors), n);
  });
}

/** The paper's mask around given peaks: τ·max(1 − β·d/n, −1), or without τ for maskScale 'unit' (the default). */
export function paperMask(peak: Peak, n: number, options: Omit<MaskOptions, 'variant'> = {}): tf.Tensor4D {
  return tf.tidy(() => {
    const beta = betaTensor(options.beta ?? DEFAULT_BETA.paper);
    const unit = linearFallOff(peak, n, tf.div(beta, n), options.norm);
    return (options.maskScale === 'tau' ? tf.mul(unit, options.tau ?? 0.5 / (n * n)) : unit) as tf.Tensor4D;
  });
}

/** The authors' mask around given peaks: max(1 − β·d', −1), d' the L1 distance on linspace(−1, 1, n). */
export function authorsMask(peak: Peak, beta: tf.Tensor, n: number): tf.Tensor4D {
  return tf.tidy(() => {
    // linspace(−1, 1, n) puts neighbouring cells 2/(n − 1) apart.
    const cellsToUnits = n > 1 ? 2 / (n - 1) : 0;
    return linearFallOff(peak, n, tf.mul(beta, cellsToUnits));
  });
}
