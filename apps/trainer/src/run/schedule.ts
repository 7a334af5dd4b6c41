// The learning-rate schedule from the trainer's options.
import { checkSchedule, type LearningRateSchedule } from '@icnn/training';
import type { TrainerOptions } from '../config/options';

export function scheduleOf(options: TrainerOptions): LearningRateSchedule {
  const { lr, epochs } = options;
  switch (options.lrSchedule) {
    case 'constant':
      return checkSchedule({ kind: 'constant', lr }, 'lrSchedule');
    case 'cosine':
      return checkSchedule({ kind: 'cosine', lr, epochs, final: options.lrFinal ?? 0, warmupEpochs: options.lrWarmup }, 'lrSchedule');
    case 'logspace':
      return checkSchedule({ kind: 'logspace', from: lr, to: options.lrFinal ?? lr / 10, over: Math.min(10, epochs) }, 'lrSchedule');
    case 'step':
      return checkSchedule({ kind: 'step', lr, factor: options.lrStepFactor, every: options.lrStepEvery }, 'lrSchedule');
  }
}
