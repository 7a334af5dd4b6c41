// The paper's merging of Pascal-Part's fine parts into 4–5 parts per animal (paper §5.2.1; SPEC §6 uses the
// merged head, neck and torso as landmarks). The mapping used here, by merged part:
//   head  = head, leye, reye, lear, rear, lebrow, rebrow, nose, muzzle, mouth, hair, lhorn, rhorn, beak
//   neck  = neck
//   torso = torso, lwing, rwing (a bird's wings are merged into its torso)
//   legs  = every leg, paw, hoof and foot: lleg, rleg, lfoot, rfoot (bird), lfleg, rfleg, lbleg, rbleg, lfpa, rfpa,
//           lbpa, rbpa (cat, dog), lfuleg, lflleg, rfuleg, rflleg, lbuleg, lblleg, rbuleg, rblleg (cow, horse,
//           sheep), lfho, rfho, lbho, rbho (horse), luleg, llleg, ruleg, rlleg (person)
//   tail  = tail
//   arms  = luarm, llarm, lhand, ruarm, rlarm, rhand (person only)
// Applied to the animals bird, cat, cow, dog, horse, sheep (head, neck, torso, legs, tail) and to person (head,
// neck, torso, arms, legs). Other classes (vehicles, bottle, …) keep Pascal-Part's own part names.

export const PASCAL_PART_MERGE: Readonly<Record<string, readonly string[]>> = {
  head: ['head', 'leye', 'reye', 'lear', 'rear', 'lebrow', 'rebrow', 'nose', 'muzzle', 'mouth', 'hair', 'lhorn', 'rhorn', 'beak'],
  neck: ['neck'],
  torso: ['torso', 'lwing', 'rwing'],
  legs: [
    'lleg', 'rleg', 'lfoot', 'rfoot',
    'lfleg', 'rfleg', 'lbleg', 'rbleg', 'lfpa', 'rfpa', 'lbpa', 'rbpa',
    'lfuleg', 'lflleg', 'rfuleg', 'rflleg', 'lbuleg', 'lblleg', 'rbuleg', 'rblleg',
    'lfho', 'rfho', 'lbho', 'rbho',
    'luleg', 'llleg', 'ruleg', 'rlleg',
  ],
  tail: ['tail'],
  arms: ['luarm', 'llarm', 'lhand', 'ruarm', 'rlarm', 'rhand'],
};

const ANIMAL_PARTS = ['head', 'neck', 'torso', 'legs', 'tail'] as const;

/** The merged parts of each class that is merged; every such sample carries a landmark (maybe null) for each. */
export const PASCAL_PART_MERGED_CLASSES: Readonly<Record<string, readonly string[]>> = {
  bird: ANIMAL_PARTS,
  cat: ANIMAL_PARTS,
  cow: ANIMAL_PARTS,
  dog: ANIMAL_PARTS,
  horse: ANIMAL_PARTS,
  sheep: ANIMAL_PARTS,
  person: ['head', 'neck', 'torso', 'arms', 'legs'],
};

const MERGED_OF = new Map<string, string>(Object.entries(PASCAL_PART_MERGE).flatMap(([merged, parts]) => parts.map((p) => [p, merged] as const)));

/**
 * The merged part that Pascal-Part part `part` of class `className` belongs to; the part's own name for classes
 * that are not merged; `undefined` for a part of a merged class that the mapping does not know (or that belongs to
 * a merged part the class does not have).
 */
export function mergedPartName(className: string, part: string): string | undefined {
  const merged = PASCAL_PART_MERGED_CLASSES[className];
  if (merged === undefined) return part;
  const name = MERGED_OF.get(part);
  return name !== undefined && merged.includes(name) ? name : undefined;
}
