// Which package provides each of icnn's own backbones, so that an unknown-name error can say what to install (a
// plugin that is not installed cannot say so itself). The contract kit checks every icnn plugin's backbones against
// it, so a backbone added to a plugin without its line here fails that plugin's tests.
export const KNOWN_BACKBONE_PACKAGES: Readonly<Record<string, string>> = {
  alexnet: '@icnn/backbone-alexnet',
  'vgg-m': '@icnn/backbone-vgg',
  'vgg-s': '@icnn/backbone-vgg',
  vgg16: '@icnn/backbone-vgg',
  'vgg-small': '@icnn/backbone-vgg',
  resnet18: '@icnn/backbone-resnet',
  resnet34: '@icnn/backbone-resnet',
  resnet50: '@icnn/backbone-resnet',
  'mobilenet-v1': '@icnn/backbone-mobilenet',
};
