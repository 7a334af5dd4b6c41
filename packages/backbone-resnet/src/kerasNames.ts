// keras.applications.ResNet50's weight names onto resnet50's variables (strideOn '1x1', Keras's layout).
import { KERAS_BATCH_NORM_WEIGHTS, nestedLayers, stripKerasSuffix, type KerasImportTarget, type KerasNameMap, type LayerSpec } from '@icnn/backbone';

/**
 * Any width (names do not depend on channels). Keras stage s, block b (1-based) is our layer{s−1}.{b−1}; its convs
 * 1-3 and BNs keep their index, the shortcut (0) is our downsample.0 / .1:
 *   conv1_conv/kernel → conv1/kernel          conv1_bn/moving_mean → bn1/movingMean
 *   conv3_block1_2_conv/kernel → layer2.0.conv2/kernel
 *   conv3_block1_0_bn/gamma → layer2.0.downsample.1/gamma
 * Keras convs have biases, ours do not: '…_conv/bias' maps to '<our conv>/bias', which importKerasWeights folds into
 * the following batch norm's moving mean (BN(conv + b) = BN'(conv) with moving_mean' = moving_mean − b).
 */
export const resnet50KerasNames: KerasNameMap = Object.assign(
  (kerasName: string): string | null => {
    const parts = /^(?:.*\/)?(conv1|conv(\d)_block(\d+)_(\d))_(conv|bn)\/(kernel|bias|gamma|beta|moving_mean|moving_variance)$/.exec(stripKerasSuffix(kerasName));
    if (parts === null) return null;
    const [, stem, stage, blockIndex, conv, kind, weight] = parts;
    const isConvWeight = weight === 'kernel' || weight === 'bias';
    if ((kind === 'conv') !== isConvWeight) return null;
    let layer: string;
    if (stem === 'conv1') layer = kind === 'conv' ? 'conv1' : 'bn1';
    else {
      const prefix = `layer${Number(stage) - 1}.${Number(blockIndex) - 1}`;
      if (conv === '0') layer = `${prefix}.downsample.${kind === 'conv' ? 0 : 1}`;
      else layer = `${prefix}.${kind}${conv}`;
    }
    return `${layer}/${isConvWeight ? weight : KERAS_BATCH_NORM_WEIGHTS[weight]}`;
  },
  { checkBackbone: requireStrideOn1x1, foldConvBiases: true },
);

function findLayer(layers: readonly LayerSpec[], name: string): LayerSpec | undefined {
  for (const layer of layers) {
    if (layer.name === name) return layer;
    for (const list of nestedLayers(layer)) {
      const inner = findLayer(list, name);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** Keras ResNet50 strides a downsampling bottleneck on its first 1×1 conv; a torchvision-layout backbone cannot take it. */
function requireStrideOn1x1(backbone: KerasImportTarget): void {
  const op = 'importKerasWeights';
  if (backbone.layers === undefined) throw new Error(`${op}: Keras ResNet50 weights need the backbone's 'layers' to check where its strides are`);
  const first = findLayer(backbone.layers, 'layer2.0.conv1');
  if (first?.kind !== 'conv') throw new Error(`${op}: backbone '${backbone.name}' has no bottleneck conv 'layer2.0.conv1'; it is not a ResNet-50 layout`);
  if ((first.stride ?? 1) === 1) {
    throw new Error(
      `${op}: Keras ResNet50 puts a downsampling block's stride on its first 1×1 conv, but backbone '${backbone.name}' has it on ` +
        `the 3×3 (strideOn '3x3', torchvision's layout); its weights would compute a different function. Create the backbone ` +
        `with createBackbone('${backbone.name}', { strideOn: '1x1' }) to import them`,
    );
  }
}
