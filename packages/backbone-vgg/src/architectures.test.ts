// Published numbers, computed by hand from the architectures (independently of the geometry helper):
// receptive field r' = r + (k−1)·j, jump j' = j·s, centre c' = c + ((k−1)/2 − padBefore)·j, starting r = 1, j = 1, c = 0.
import { createBackbone, type Backbone } from '@icnn/backbone';
import { describeBackends } from '@icnn/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { register } from './register';

register();

function top(backbone: Backbone) {
  return backbone.featureInfo[backbone.featureInfo.length - 1];
}

describeBackends('vgg architectures', () => {
  const made: Record<string, Backbone> = {};
  beforeAll(() => {
    for (const name of ['vgg16', 'vgg-m', 'vgg-s', 'vgg-small']) made[name] = createBackbone(name);
  });
  afterAll(() => Object.values(made).forEach((b) => b.dispose()));

  it('vgg16: 14,714,688 conv parameters; conv5_3 14×14×512, stride 16, receptive field 196 centred at 7.5', () => {
    // 3·64·9+64 + 64·64·9+64 + 64·128·9+128 + 128·128·9+128 + 128·256·9+256 + 2·(256·256·9+256)
    // + 256·512·9+512 + 5·(512·512·9+512) = 1,792 + 36,928 + 73,856 + 147,584 + 295,168 + 1,180,160
    // + 1,180,160 + 11,799,040 = 14,714,688
    expect(made.vgg16.countParams()).toBe(14_714_688);
    // Each 3×3 conv adds 2·j; each 2×2/2 pool adds j and doubles j: 3,5 | 6 | 10,14 | 16 | 24,32,40 | 44 | 60,76,92
    // | 100 | 132,164,196. Centre: pools move it by 0.5·j: 0.5 + 1 + 2 + 4 = 7.5.
    expect(top(made.vgg16)).toEqual({ name: 'conv5_3', channels: 512, stride: 16, receptiveField: { size: 196, centre: 7.5 }, spatialSize: [14, 14] });
    expect(made.vgg16.featureInfo.map((f) => [f.name, f.stride, f.receptiveField.size, f.spatialSize[0]])).toEqual([
      ['conv1_2', 1, 5, 224],
      ['conv2_2', 2, 14, 112],
      ['conv3_3', 4, 40, 56],
      ['conv4_3', 8, 92, 28],
      ['conv5_3', 16, 196, 14],
    ]);
  });

  it('vgg-small: 1,737,280 parameters; conv4 8×8×256 at 64×64, stride 8, receptive field 52 centred at 3.5', () => {
    // convs: 3·64·9+64 + 64·64·9+64 + 64·128·9+128 + 128·128·9+128 + 128·256·9+256 + 2·(256·256·9+256)
    // = 1,792 + 36,928 + 73,856 + 147,584 + 295,168 + 1,180,160 = 1,735,488; batch norm γ and β: 2·(64+64+128+128+256+256) = 1,792
    expect(made['vgg-small'].countParams()).toBe(1_737_280);
    // rf: 3,5 | pool 6 (j 2) | 10,14 | pool 16 (j 4) | 24,32 | pool 36 (j 8) | 52; centre 0.5 + 1 + 2 = 3.5
    expect(top(made['vgg-small'])).toEqual({ name: 'conv4', channels: 256, stride: 8, receptiveField: { size: 52, centre: 3.5 }, spatialSize: [8, 8] });
  });

  it('vgg-m: 6,528,640 parameters; conv5 13×13×512, stride 16, receptive field 139 centred at 17', () => {
    // conv1 7·7·3·96+96 = 14,208; conv2 5·5·96·256+256 = 614,656; conv3 3·3·256·512+512 = 1,180,160;
    // conv4, conv5 3·3·512·512+512 = 2,359,808 each: 14,208 + 614,656 + 1,180,160 + 2·2,359,808 = 6,528,640
    expect(made['vgg-m'].countParams()).toBe(6_528_640);
    // sizes: (224−7)/2+1 = 109; pool1 pad [0,1]: (110−3)/2+1 = 54; conv2 pad 1: (56−5)/2+1 = 26; pool2: (27−3)/2+1 = 13.
    // rf: 7 (j 2, c 3); pool1 11 (j 4, c 3+1·2 = 5); conv2 11+4·4 = 27 (j 8, c 5+(2−1)·4 = 9);
    // pool2 27+2·8 = 43 (j 16, c 9+1·8 = 17); conv3-5: 43+3·32 = 139.
    expect(top(made['vgg-m'])).toEqual({ name: 'conv5', channels: 512, stride: 16, receptiveField: { size: 139, centre: 17 }, spatialSize: [13, 13] });
  });

  it('vgg-s: 6,528,640 parameters; conv5 17×17×512, stride 12, receptive field 113 centred at 20', () => {
    // the same layer shapes as VGG-M (96×7×7, 256×5×5, 3 × 512×3×3): 6,528,640
    expect(made['vgg-s'].countParams()).toBe(6_528_640);
    // sizes: 109; pool1 pad [0,2]: (111−3)/3+1 = 37; conv2: 37−5+1 = 33; pool2 pad [0,1]: (34−2)/2+1 = 17.
    // rf: 7 (j 2, c 3); pool1 7+2·2 = 11 (j 6, c 3+1·2 = 5); conv2 11+4·6 = 35 (c 5+2·6 = 17);
    // pool2 35+1·6 = 41 (j 12, c 17+0.5·6 = 20); conv3-5: 41+3·24 = 113.
    expect(top(made['vgg-s'])).toEqual({ name: 'conv5', channels: 512, stride: 12, receptiveField: { size: 113, centre: 20 }, spatialSize: [17, 17] });
  });

  it('width and inputSize give small variants: vgg16 at width 1/8, 64×64', () => {
    const small = createBackbone('vgg16', { width: 1 / 8, inputSize: 64 });
    try {
      expect(top(small)).toMatchObject({ channels: 64, stride: 16, spatialSize: [4, 4] });
      // 3·8·9+8 + 8·8·9+8 + 8·16·9+16 + 16·16·9+16 + 16·32·9+32 + 2·(32·32·9+32) + 32·64·9+64 + 5·(64·64·9+64)
      expect(small.countParams()).toBe(224 + 584 + 1_168 + 2_320 + 4_640 + 2 * 9_248 + 18_496 + 5 * 36_928);
    } finally {
      small.dispose();
    }
  });
}, ['wasm']);
