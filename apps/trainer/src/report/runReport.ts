// A trained run as a section of the HTML report: its headline figures (on box crops, and a row on shifted crops) and
// per-filter records (from the evaluation), and for the filters shown, the top images with the peak's receptive-field
// centre marked (the evaluation's top images: where each filter fires, on the pictures themselves).
import { encodePng, peakGrid, rgbaFromPixels, type PeakTile, type ReportFigure, type ReportRun } from '@icnn/metrics/render';
import type { TrainResult } from '../run/trainNetwork';

/** The filters a report shows: the `count` with the lowest instability (the most part-like first). */
export function shownFilters(result: TrainResult, count: number): number[] {
  const records = result.evaluation?.filters.records ?? [];
  return records
    .filter((r) => r.instability !== null && Number.isFinite(r.instability))
    .sort((a, b) => a.instability! - b.instability!)
    .slice(0, count)
    .map((r) => r.filter);
}

export async function runReport(result: TrainResult, name: string, filterCount: number, imagesPerFilter = 6): Promise<ReportRun> {
  const evaluation = result.evaluation;
  if (evaluation === null) throw new Error(`runReport: run '${name}' was interrupted before its evaluation`);
  const { data } = result;
  const byId = new Map(data.evaluation.items.map((item) => [item.sample.id, item.sample]));
  const filterFigures: Record<number, ReportFigure[]> = {};
  for (const filter of shownFilters(result, filterCount)) {
    const tiles: PeakTile[] = [];
    for (const top of evaluation.filters.topImages[filter].slice(0, imagesPerFilter)) {
      const sample = byId.get(String(top.id));
      if (sample === undefined) continue;
      const crop = await data.load(sample);
      if (crop === null) continue;
      tiles.push({ image: rgbaFromPixels(crop.image.data, crop.image.height, crop.image.width, 3, [0, 255]), peak: top.peak });
    }
    filterFigures[filter] = [{ png: encodePng(peakGrid({ rows: [tiles], tile: 64, gap: 2 })), caption: `filter ${filter}: top images, peak marked` }];
  }
  const metrics = result.metrics!;
  return {
    name,
    records: evaluation.filters.records,
    instability: metrics.locationInstability,
    references: metrics.references,
    tracking: metrics.partTracking,
    ...(metrics.partInterpretability !== undefined ? { partScore: metrics.partInterpretability } : {}),
    shifted: { instability: metrics.shifted.locationInstability, references: metrics.shifted.references, tracking: metrics.shifted.partTracking },
    filterFigures,
  };
}
