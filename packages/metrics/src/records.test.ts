import { describe, expect, it } from 'vitest';
import { buildFilterRecords } from './filterRecords';
import { instabilityReferences } from './instabilityReferences';
import { locationInstability } from './locationInstability';
import { partTracking } from './partTracking';
import { recordsToCsv } from './recordsToCsv';
import { recordsToJson } from './recordsToJson';
import { gridCandidates, trackingScene } from './testing/scenes';

describe('buildFilterRecords', () => {
  const scene = trackingScene(60, 61);
  const instability = locationInstability(scene);
  const references = instabilityReferences({ ...scene, candidates: gridCandidates(), samples: 4 });
  const tracking = partTracking(scene);

  it('collects every figure per filter, with null for what was not measured', () => {
    const records = buildFilterRecords({ instability, references, tracking, meanActivation: [0.5, NaN, 2], landmarkNames: ['head'] });
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual({
      filter: 0,
      category: null,
      bestPart: null,
      bestLandmark: 'head',
      instability: instability.perFilter[0],
      references: {
        mostFrequent: references.mostFrequent.perFilter[0],
        bestPosition: references.bestPosition.perFilter[0],
        random: references.random.perFilter[0],
      },
      r2: { x: tracking.perFilter.x[0], y: tracking.perFilter.y[0], combined: tracking.perFilter.combined[0] },
      partScore: null,
      iou: null,
      meanActivation: 0.5,
    });
    expect(records[1].meanActivation).toBeNull();
    expect(JSON.parse(recordsToJson(records))).toEqual(records);
  });

  it('refuses results that cover different filters', () => {
    expect(() => buildFilterRecords({ instability, meanActivation: [1, 2] })).toThrow(/'meanActivation' covers 2 filters, expected 3 \(instability.perFilter\)/);
  });
});

describe('recordsToCsv', () => {
  it('flattens nested fields into dotted columns and quotes per RFC 4180', () => {
    const csv = recordsToCsv([
      { filter: 0, name: 'head, left', score: 0.25, nested: { a: 1, b: null } },
      { filter: 1, name: 'say "hi"', score: NaN, nested: { a: 2, b: 'x\ny' }, extra: [1, NaN] },
      { filter: 2, name: ' padded', score: 1e-7 },
    ]);
    expect(csv).toBe(
      'filter,name,score,nested.a,nested.b,extra\n' +
        '0,"head, left",0.25,1,,\n' +
        '1,"say ""hi""",,2,"x\ny","[1,null]"\n' +
        '2," padded",1e-7,,,\n',
    );
    expect(recordsToCsv([{ a: 1 }], { eol: '\r\n' })).toBe('a\r\n1\r\n');
  });

  it('writes filter records with one column per figure', () => {
    const csv = recordsToCsv(buildFilterRecords({ filters: 1 }));
    expect(csv.split('\n')[0]).toBe(
      'filter,category,bestPart,bestLandmark,instability,references.mostFrequent,references.bestPosition,references.random,r2.x,r2.y,r2.combined,partScore,iou,meanActivation',
    );
    expect(csv.split('\n')[1]).toBe('0,,,,,,,,,,,,,');
  });

  it('names a bad record', () => {
    expect(() => recordsToCsv([{ a: 1 }, 3 as never])).toThrow(/recordsToCsv: 'records\[1\]' must be an object, got 3/);
  });
});
