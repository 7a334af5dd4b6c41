// The Keras name map against keras.applications.MobileNet's weight names, listed here from its architecture
// (conv1 + conv1_bn, then conv_dw_i / conv_dw_i_bn / conv_pw_i / conv_pw_i_bn for blocks 1-13, classifier
// conv_preds): every variable of the backbone gets exactly one Keras weight, and the classifier none.
import { createBackbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { mobilenetKerasNames } from './kerasNames';
import { register } from './register';

register();

const BN = ['gamma', 'beta', 'moving_mean', 'moving_variance'];

function kerasWeightNames(): string[] {
  const names = ['conv1/kernel', ...BN.map((w) => `conv1_bn/${w}`)];
  for (let i = 1; i <= 13; i++) {
    names.push(`conv_dw_${i}/depthwise_kernel`, ...BN.map((w) => `conv_dw_${i}_bn/${w}`));
    names.push(`conv_pw_${i}/kernel`, ...BN.map((w) => `conv_pw_${i}_bn/${w}`));
  }
  return names;
}

describeBackends('mobilenetKerasNames', () => {
  it("maps keras.applications.MobileNet's weights one-to-one onto the backbone's variables, and is the backbone's own", () => {
    const backbone = createBackbone('mobilenet-v1', { width: 1 / 8, inputSize: 32 });
    try {
      const mapped = kerasWeightNames().map((name) => mobilenetKerasNames(`mobilenet_1.00_224/${name}:0`));
      expect(mapped).not.toContain(null);
      expect(new Set(mapped).size).toBe(mapped.length);
      expect([...mapped].sort()).toEqual(Object.keys(backbone.variables).sort());
      expect(backbone.kerasNames).toBe(mobilenetKerasNames);
    } finally {
      backbone.dispose();
    }
  });

  it('leaves out the classifier and weights under the wrong layer kind', () => {
    for (const name of ['conv_preds/kernel', 'conv_preds/bias', 'conv_dw_1/kernel', 'conv_pw_1/depthwise_kernel', 'conv1_bn/kernel', 'conv1/gamma']) {
      expect(mobilenetKerasNames(name), name).toBeNull();
    }
    expect(mobilenetKerasNames('conv_dw_12_bn/moving_variance')).toBe('conv_dw_12_bn/movingVariance');
  });
}, ['cpu']);
