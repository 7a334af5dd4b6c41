// Learning-rate schedules. `progress` is the 0-based fractional epoch (epoch − 1 + batch/batches), so a schedule can
// change within an epoch (cosine) or once per epoch (the authors' logspace).

export type LearningRateSchedule =
  /** The same rate throughout. */
  | { kind: 'constant'; lr: number }
  /** Cosine from `lr` to `final` (default 0) over `epochs`, after a linear warm-up of `warmupEpochs` (default 0). */
  | { kind: 'cosine'; lr: number; epochs: number; final?: number; warmupEpochs?: number }
  /** The authors': logspace(from → to) over the first `over` epochs (one rate per epoch), then `to`; × `scale`. */
  | { kind: 'logspace'; from: number; to: number; over: number; scale?: number }
  /** `lr` × `factor` every `every` epochs. */
  | { kind: 'step'; lr: number; factor: number; every: number };

export function learningRateAt(schedule: LearningRateSchedule, progress: number): number {
  const epoch = Math.floor(progress);
  switch (schedule.kind) {
    case 'constant':
      return schedule.lr;
    case 'cosine': {
      const warmup = schedule.warmupEpochs ?? 0;
      const final = schedule.final ?? 0;
      if (progress < warmup) return (schedule.lr * (progress + 1e-3)) / warmup;
      const t = Math.min(1, (progress - warmup) / Math.max(schedule.epochs - warmup, 1e-9));
      return final + 0.5 * (schedule.lr - final) * (1 + Math.cos(Math.PI * t));
    }
    case 'logspace': {
      const scale = schedule.scale ?? 1;
      if (schedule.over <= 1 || epoch >= schedule.over) return (epoch >= schedule.over ? schedule.to : schedule.from) * scale;
      const t = epoch / (schedule.over - 1);
      return Math.exp(Math.log(schedule.from) + t * (Math.log(schedule.to) - Math.log(schedule.from))) * scale;
    }
    case 'step':
      return schedule.lr * schedule.factor ** Math.floor(epoch / schedule.every);
  }
}

/** Checks a schedule's fields, naming the bad one. */
export function checkSchedule(schedule: LearningRateSchedule, where = 'schedule'): LearningRateSchedule {
  const positive = (key: string, value: unknown) => {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new RangeError(`${where}.${key} must be a positive number, got ${String(value)}`);
  };
  switch (schedule?.kind) {
    case 'constant':
      positive('lr', schedule.lr);
      break;
    case 'cosine':
      positive('lr', schedule.lr);
      positive('epochs', schedule.epochs);
      if (schedule.final !== undefined && !(schedule.final >= 0)) throw new RangeError(`${where}.final must be ≥ 0, got ${schedule.final}`);
      if (schedule.warmupEpochs !== undefined && !(schedule.warmupEpochs >= 0)) throw new RangeError(`${where}.warmupEpochs must be ≥ 0, got ${schedule.warmupEpochs}`);
      break;
    case 'logspace':
      positive('from', schedule.from);
      positive('to', schedule.to);
      positive('over', schedule.over);
      if (schedule.scale !== undefined) positive('scale', schedule.scale);
      break;
    case 'step':
      positive('lr', schedule.lr);
      positive('factor', schedule.factor);
      positive('every', schedule.every);
      break;
    default:
      throw new RangeError(`${where}.kind must be one of 'constant', 'cosine', 'logspace', 'step', got ${JSON.stringify((schedule as { kind?: unknown })?.kind)}`);
  }
  return schedule;
}
