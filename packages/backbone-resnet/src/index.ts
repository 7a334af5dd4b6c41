export { resnet18, resnet34, resnet50 } from './resnet';
export { register, resnetBackbones } from './register';
