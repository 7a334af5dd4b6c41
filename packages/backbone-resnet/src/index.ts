export { resnet18, resnet34, resnet50 } from './resnet';
export { register, resnetBackbones } from './register';
export type { ResnetOptions } from './options';
export type { StrideOn } from './blocks';
export { resnet50KerasNames } from './kerasNames';
