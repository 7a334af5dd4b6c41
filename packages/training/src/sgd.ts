// SGD with momentum and weight decay as MatConvNet applies it (the authors' trainer):
//   v ← momentum·v − lr·lrMultiplier·(g + decay·decayMultiplier·w);  w ← w + v
// with per-variable multipliers (SPEC §4: no weight decay on biases and β; β's learning rate × 0.05). The
// velocities are variables, so a checkpoint can carry them and `--resume` continues exactly.
import * as tf from '@tensorflow/tfjs-core';

export interface ParameterMultipliers {
  /** Multiplies the learning rate. Default 1. */
  lr?: number;
  /** Multiplies the weight decay. Default 1. */
  decay?: number;
}

export interface SgdOptions {
  /** Default 0.9. */
  momentum?: number;
  /** Default 5e-4. */
  weightDecay?: number;
  /** Multipliers by variable name. Default: `defaultMultipliers`. */
  multipliers?: (name: string) => ParameterMultipliers;
}

export interface Sgd {
  readonly momentum: number;
  readonly weightDecay: number;
  /** One velocity per variable, by the variable's name (checkpoint them with the weights). */
  readonly velocities: Readonly<Record<string, tf.Variable>>;
  /**
   * Applies `gradients` (by variable name; a variable without a gradient keeps its value and velocity decays).
   * Does not dispose the gradients.
   */
  step(gradients: Readonly<Record<string, tf.Tensor>>, learningRate: number): void;
  dispose(): void;
}

/**
 * No weight decay on biases, batch-norm offsets and scales, and the masks' β (SPEC §4); β learns at 0.05× the
 * learning rate (BETA_LEARNING_RATE_MULTIPLIER of @icnn/core).
 */
export function defaultMultipliers(name: string): ParameterMultipliers {
  if (/mask_[^/]+\/beta$/.test(name)) return { lr: 0.05, decay: 0 };
  if (/\/(bias|beta|gamma)$/.test(name)) return { decay: 0 };
  return {};
}

export function createSgd(variables: Readonly<Record<string, tf.Variable>>, options: SgdOptions = {}): Sgd {
  const momentum = options.momentum ?? 0.9;
  const weightDecay = options.weightDecay ?? 5e-4;
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`createSgd: 'momentum' must be in [0, 1), got ${momentum}`);
  if (!(weightDecay >= 0)) throw new RangeError(`createSgd: 'weightDecay' must be ≥ 0, got ${weightDecay}`);
  const multipliersOf = options.multipliers ?? defaultMultipliers;
  const velocities: Record<string, tf.Variable> = {};
  const factors: Record<string, Required<ParameterMultipliers>> = {};
  for (const [name, variable] of Object.entries(variables)) {
    // Inside a tidy: tf.variable keeps its own reference, the zeros it starts from would otherwise stay behind.
    velocities[name] = tf.tidy(() => tf.variable(tf.zerosLike(variable), false, `sgd_velocity/${variable.name}`));
    const { lr = 1, decay = 1 } = multipliersOf(name);
    factors[name] = { lr, decay };
  }
  let disposed = false;
  return {
    momentum,
    weightDecay,
    velocities,
    step(gradients, learningRate) {
      if (disposed) throw new Error('Sgd.step: the optimiser was disposed');
      if (!(learningRate >= 0) || !Number.isFinite(learningRate)) throw new RangeError(`Sgd.step: 'learningRate' must be a finite number ≥ 0, got ${learningRate}`);
      for (const name of Object.keys(gradients)) {
        if (!(name in variables)) throw new RangeError(`Sgd.step: gradient '${name}' has no variable (known: ${Object.keys(variables).length})`);
      }
      tf.tidy(() => {
        for (const [name, variable] of Object.entries(variables)) {
          const velocity = velocities[name];
          const { lr, decay } = factors[name];
          const gradient = gradients[name];
          let update: tf.Tensor = tf.mul(velocity, momentum);
          const decayRate = weightDecay * decay;
          const push = gradient === undefined ? undefined : decayRate > 0 ? tf.add(gradient, tf.mul(variable, decayRate)) : gradient;
          if (push !== undefined) update = tf.sub(update, tf.mul(push, learningRate * lr));
          velocity.assign(update);
          variable.assign(tf.add(variable, update));
        }
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      Object.values(velocities).forEach((v) => v.dispose());
    },
  };
}
