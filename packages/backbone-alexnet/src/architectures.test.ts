// Published numbers, computed by hand from the Caffe AlexNet (independently of the geometry helper):
// receptive field r' = r + (k−1)·j, jump j' = j·s, centre c' = c + ((k−1)/2 − padBefore)·j, starting r = 1, j = 1, c = 0.
import { createBackbone, type Backbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { register } from './register';

register();

describeBackends('alexnet architecture', () => {
  let alexnet: Backbone;
  beforeAll(() => {
    alexnet = createBackbone('alexnet');
  });
  afterAll(() => alexnet.dispose());

  it('has 2,334,080 conv parameters (grouped conv2, conv4, conv5)', () => {
    // conv1 11·11·3·96+96 = 34,944; conv2 (2 groups) 5·5·48·256+256 = 307,456; conv3 3·3·256·384+384 = 885,120;
    // conv4 (2 groups) 3·3·192·384+384 = 663,936; conv5 (2 groups) 3·3·192·256+256 = 442,624; total 2,334,080
    expect(alexnet.countParams()).toBe(2_334_080);
    expect(alexnet.inputShape).toEqual([227, 227, 3]);
  });

  it('conv5 is 13×13×256 at 227, stride 16, receptive field 163 centred at 17', () => {
    // sizes: (227−11)/4+1 = 55; pool1 (55−3)/2+1 = 27; conv2 pad 2: 27; pool2 (27−3)/2+1 = 13; conv3-5 pad 1: 13.
    // rf: 11 (j 4, c 5); pool1 11+2·4 = 19 (j 8, c 5+1·4 = 9); conv2 19+4·8 = 51 (c 9+(2−2)·8 = 9);
    // pool2 51+2·8 = 67 (j 16, c 9+1·8 = 17); conv3-5 67+3·32 = 163.
    expect(alexnet.featureInfo.map((f) => [f.name, f.channels, f.stride, f.receptiveField.size, f.receptiveField.centre, f.spatialSize[0]])).toEqual([
      ['conv1', 96, 4, 11, 5, 55],
      ['conv2', 256, 8, 51, 9, 27],
      ['conv3', 384, 16, 99, 17, 13],
      ['conv4', 384, 16, 131, 17, 13],
      ['conv5', 256, 16, 163, 17, 13],
    ]);
  });

  it('keeps grouped channel counts whole at small widths', () => {
    const small = createBackbone('alexnet', { width: 1 / 8 });
    try {
      // conv2 256/2·1/8 = 16 per group → 32; conv4 384/2/8 = 24 per group → 48; conv5 → 32
      expect(small.featureInfo.map((f) => f.channels)).toEqual([12, 32, 48, 48, 32]);
    } finally {
      small.dispose();
    }
  });
}, ['wasm']);
