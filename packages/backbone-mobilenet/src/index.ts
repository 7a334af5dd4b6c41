export { mobilenetV1 } from './mobilenet';
export { register, mobilenetBackbones } from './register';
export type { MobilenetOptions } from './options';
export { mobilenetKerasNames } from './kerasNames';
