// The options of the ResNet backbones: the common ones plus where a bottleneck puts its stride.
import type { BackboneOptions } from '@icnn/backbone';
import type { BlockKind, StrideOn } from './blocks';

export interface ResnetOptions extends BackboneOptions {
  /**
   * Bottlenecks (ResNet-50) only: which convolution of a downsampling block carries the stride. '3x3' (default)
   * is torchvision's layout; '1x1' is the original paper's and keras.applications.ResNet50's (needed to import its
   * weights). The derived geometry follows it: layer2-4 receptive fields 91, 267, 427 ('3x3') or 99, 291, 483 ('1x1').
   */
  strideOn?: StrideOn;
}

/** Checks `strideOn` for a backbone of `kind` blocks, naming the backbone and the option. */
export function resolveStrideOn(backbone: string, kind: BlockKind, options: ResnetOptions | undefined): StrideOn {
  const strideOn = options?.strideOn ?? '3x3';
  if (strideOn !== '3x3' && strideOn !== '1x1') {
    throw new RangeError(`createBackbone('${backbone}'): 'strideOn' must be '3x3' or '1x1', got ${JSON.stringify(strideOn)}`);
  }
  if (kind === 'basic' && strideOn !== '3x3') {
    throw new RangeError(`createBackbone('${backbone}'): 'strideOn' '${strideOn}' needs bottleneck blocks; ${backbone}'s basic blocks have no 1×1 convolution`);
  }
  return strideOn;
}

// createBackbone('resnet50', { strideOn: '1x1' }) typechecks wherever this package is imported.
declare module '@icnn/backbone' {
  interface BackboneOptionsMap {
    resnet18: ResnetOptions;
    resnet34: ResnetOptions;
    resnet50: ResnetOptions;
  }
}
