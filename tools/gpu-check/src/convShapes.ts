// The convolutions one VGG-16 training step runs (the backbone's, then the interpretable net's new 3×3 conv), derived
// from the backbone's layer list and its geometry, with identical shapes counted once.
import { createBackbone, deriveGeometry, paddingPair, type ConvSpec } from '@icnn/backbone';
import { register as registerVgg } from '@icnn/backbone-vgg';
import type { NetSize } from './netSizes';

export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

export interface ConvShape {
  /** The layers with this shape, e.g. 'conv3_2, conv3_3'. */
  layers: string;
  /** How many convolutions of the step have it. */
  count: number;
  batch: number;
  /** Side of the (square) input map. */
  side: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: ExplicitPad;
  /** false for the first layer: its input (the image) needs no gradient. */
  needsInputGradient: boolean;
}

const key = (s: ConvShape) => JSON.stringify([s.side, s.inChannels, s.outChannels, s.kernel, s.stride, s.pad, s.needsInputGradient]);

export function vgg16ConvShapes(size: NetSize): ConvShape[] {
  registerVgg();
  const backbone = createBackbone('vgg16', { inputSize: size.inputSize, width: size.width });
  try {
    const geometry = deriveGeometry(backbone.layers, { inputSize: size.inputSize });
    const shapes: ConvShape[] = [];
    backbone.layers.forEach((layer, i) => {
      if (layer.kind !== 'conv') return;
      const conv = layer as ConvSpec;
      const input = i === 0 ? { spatialSize: size.inputSize, channels: 3 } : geometry[i - 1];
      const [before, after] = paddingPair(conv.padding);
      shapes.push({
        layers: conv.name,
        count: 1,
        batch: size.batch,
        side: input.spatialSize,
        inChannels: input.channels,
        outChannels: geometry[i].channels,
        kernel: conv.kernel,
        stride: conv.stride ?? 1,
        pad: [[0, 0], [before, after], [before, after], [0, 0]],
        needsInputGradient: i > 0,
      });
    });
    const top = geometry[geometry.length - 1];
    shapes.push({
      layers: 'newConv',
      count: 1,
      batch: size.batch,
      side: top.spatialSize,
      inChannels: top.channels,
      outChannels: top.channels,
      kernel: 3,
      stride: 1,
      pad: [[0, 0], [1, 1], [1, 1], [0, 0]],
      needsInputGradient: true,
    });
    const merged = new Map<string, ConvShape>();
    for (const shape of shapes) {
      const same = merged.get(key(shape));
      if (same) {
        same.count += 1;
        same.layers += `, ${shape.layers}`;
      } else merged.set(key(shape), { ...shape });
    }
    return [...merged.values()];
  } finally {
    backbone.dispose();
  }
}

/** Multiply-adds of one gradient (weight or input) of the shape: as many as its forward convolution. */
export function gradientFlops(shape: ConvShape): number {
  const out = Math.floor((shape.side + shape.pad[1][0] + shape.pad[1][1] - shape.kernel) / shape.stride) + 1;
  return 2 * shape.batch * out * out * shape.kernel * shape.kernel * shape.inChannels * shape.outChannels;
}
