// What `icnn compare` returns and prints with --json.
import type { RunMetrics } from '../evaluate/evaluateNetwork';

export type CompareRunName = 'ordinary' | 'interpretable' | 'maskOnly' | 'centreMask';

export interface CompareResult {
  ordinary: RunMetrics;
  interpretable: RunMetrics;
  /** The two controls: masks without the filter loss, masks fixed at the map centre. */
  controls?: { maskOnly: RunMetrics; centreMask: RunMetrics };
  settings: Record<string, unknown>;
  /** interpretable / ordinary location instability. */
  instabilityRatio: number;
  /** The same ratio on the shifted protocol (each run's metrics carry its figures under `shifted`). */
  shiftedInstabilityRatio: number;
  /** interpretable − ordinary validation accuracy (a fraction). */
  accuracyDifference: number;
  seconds: number;
  interrupted: boolean;
}
