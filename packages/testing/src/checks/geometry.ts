import { featureInfoFromLayers, type Backbone } from '@icnn/backbone';
import { expect } from 'vitest';

/** featureInfo equals what `featureInfoFromLayers` derives from the backbone's own layer list, and is sane. */
export function expectFeatureInfoFromLayers(backbone: Backbone): void {
  const [h, w, c] = backbone.inputShape;
  expect(c, `${backbone.name}: input channels`).toBe(3);
  expect(h, `${backbone.name}: square input`).toBe(w);
  expect(backbone.featureInfo.length, `${backbone.name}: taps`).toBeGreaterThan(0);
  expect(backbone.featureInfo, `${backbone.name}: featureInfo vs its layer list`).toEqual(featureInfoFromLayers(backbone.layers, { inputSize: h }));
  let stride = 1;
  for (const info of backbone.featureInfo) {
    expect(Number.isInteger(info.stride) && info.stride >= stride, `${backbone.name}: stride of '${info.name}' grows`).toBe(true);
    expect(info.receptiveField.size, `${backbone.name}: receptive field of '${info.name}'`).toBeGreaterThanOrEqual(info.stride);
    expect(Number.isFinite(info.receptiveField.centre), `${backbone.name}: centre of '${info.name}'`).toBe(true);
    stride = info.stride;
  }
}
