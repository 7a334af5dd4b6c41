import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunMetrics } from '../evaluate/evaluateNetwork';
import { printMetrics } from './printMetrics';

const metrics: RunMetrics = {
  accuracy: 0.9,
  locationInstability: 0.12,
  references: { mostFrequent: 0.11, bestPosition: 0.1, random: 0.2 },
  partTracking: 0.05,
  partInterpretability: 0.3,
  validationImages: 50,
  skippedImages: 0,
  evaluationImages: 286,
  shifted: { locationInstability: 0.15, references: { mostFrequent: 0.19, bestPosition: 0.17, random: 0.22 }, partTracking: 0.41 },
};

function printed(json: boolean, figures: RunMetrics = metrics): string {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  printMetrics('interpretable', figures, json);
  const text = write.mock.calls.map(([chunk]) => String(chunk)).join('');
  write.mockRestore();
  return text;
}

afterEach(() => vi.restoreAllMocks());

describe('printMetrics', () => {
  it('prints the shifted crops\' figures on a line beside the box crops\' ones', () => {
    const lines = printed(false).trim().split('\n');
    expect(lines[1]).toMatch(/^box crops \(paper\), 286 images: location instability 0\.120 \(references: most frequent cell 0\.110, best fixed cell 0\.100, random cell 0\.200\), part tracking R² 0\.050, part interpretability 0\.300$/);
    expect(lines[2]).toMatch(/^shifted crops \(box 1\.5×, moved ±25%\): location instability 0\.150 \(references: most frequent cell 0\.190, best fixed cell 0\.170, random cell 0\.220\), part tracking R² 0\.410$/);
  });

  it('says how many unreadable images the data left out, and nothing when none', () => {
    expect(printed(false).split('\n')[0]).toBe('interpretable: validation accuracy 0.900 (50 images)');
    expect(printed(false, { ...metrics, skippedImages: 3 }).split('\n')[0]).toBe('interpretable: validation accuracy 0.900 (50 images); 3 unreadable images skipped (named on stderr)');
  });

  it('--json: one object with every key, the shifted ones under `shifted`', () => {
    expect(JSON.parse(printed(true))).toEqual({ kind: 'interpretable', ...metrics });
  });
});
