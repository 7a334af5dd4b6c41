// The evaluation pass (issue 5): run a model over a dataset in batches, take each filter's peak cell per image, map
// it to input pixels through the layer's receptive-field geometry, and feed the location metrics (and, given part
// masks, part interpretability), producing per-filter records. Memory is bounded by one batch on the device and
// O(F·I) numbers on the host (one peak and one score per filter and image, which the top-K needs), plus, for
// part thresholds, ≈ 0.5 % of the cells (see `ThresholdAccumulator`). This file picks the passes: the peak pass
// (`peakPass`), with part interpretability riding along or in passes of its own (`PartEvaluation`).
import { cellCentre } from './cellCentres';
import { evaluationSettings, type EvaluateFiltersOptions, type FilterEvaluation } from './evaluateFiltersOptions';
import { buildFilterRecords } from './filterRecords';
import { instabilityReferences } from './instabilityReferences';
import { locationInstability } from './locationInstability';
import { PartEvaluation } from './partEvaluation';
import { partTracking } from './partTracking';
import { peakPass } from './peakPass';
import { meanOfFinite } from './statistics';
import type { Point } from './types';

export type { EvaluateFiltersOptions, FilterEvaluation, PartEvaluationOptions } from './evaluateFiltersOptions';

/**
 * Runs `forward` over every batch, reads back only each map's argmax cell and max (`await data()`), disposes every
 * tensor it makes (and each batch's input tensor unless `keepInputs`), and computes `locationInstability`, its
 * `instabilityReferences`, `partTracking`, optionally `partInterpretability`, and `buildFilterRecords`.
 * The peak cell (r, c) maps to (centre + c·stride, centre + r·stride) in input pixels (`cellCentre`); landmarks are
 * expected in the same frame.
 */
export async function evaluateFilters(options: EvaluateFiltersOptions): Promise<FilterEvaluation> {
  const fn = 'evaluateFilters';
  const settings = evaluationSettings(fn, options);
  const { geometry, input } = settings;
  const parts = options.parts === undefined ? null : new PartEvaluation(fn, options.parts, options.forward, geometry, input);
  const peaks = await peakPass(fn, settings.pass(), options.forward, settings, parts?.alongPeaks, options.onBatch);
  const { filters, height, width, positions, scores, landmarks, ids } = peaks;

  const diagonal = Math.hypot(input.width, input.height);
  const categories =
    options.categories === undefined ? undefined : { ...options.categories, ...(options.categories.form === 'authors' ? { imageCategory: peaks.imageCategory } : {}) };
  const locationInput = { positions, scores, landmarks, diagonal, topK: options.topK, categories };
  const instability = locationInstability(locationInput);
  const candidates: Point[] = [];
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) candidates.push(cellCentre(geometry, r, c));
  const references = options.references === false ? null : instabilityReferences({ ...locationInput, candidates, ...(options.references ?? {}) });
  const tracking = options.tracking === false ? null : partTracking({ ...locationInput, ...(options.tracking ?? {}) });
  const partResult = parts === null ? null : await parts.finish(settings.pass, settings.keepInputs, ids.length, filters);
  const meanActivation = scores.map((row) => meanOfFinite(Array.from(row)));
  const records = buildFilterRecords({
    filters,
    instability,
    ...(references ? { references } : {}),
    ...(tracking ? { tracking } : {}),
    ...(partResult ? { parts: partResult } : {}),
    meanActivation,
    landmarkNames: options.landmarkNames,
    categoryNames: options.categoryNames,
    partNames: options.partNames,
  });
  return {
    records,
    instability,
    references,
    tracking,
    parts: partResult,
    positions,
    scores,
    landmarks,
    ids,
    meanActivation,
    topImages: peaks.topImages,
    mapSize: { height, width, filters },
    inputSize: input,
  };
}
