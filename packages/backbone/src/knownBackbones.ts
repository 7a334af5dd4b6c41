// Which package provides each backbone icnn knows of, so that an unknown-name error can say what to install.
export const KNOWN_BACKBONE_PACKAGES: Readonly<Record<string, string>> = {
  alexnet: '@icnn/backbone-alexnet',
  'vgg-m': '@icnn/backbone-vgg',
  'vgg-s': '@icnn/backbone-vgg',
  vgg16: '@icnn/backbone-vgg',
  resnet18: '@icnn/backbone-resnet',
  resnet34: '@icnn/backbone-resnet',
  resnet50: '@icnn/backbone-resnet',
};
