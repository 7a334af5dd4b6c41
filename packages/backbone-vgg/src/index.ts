export { vgg16 } from './vgg16';
export { vggM } from './vggM';
export { vggS } from './vggS';
export { vggSmall } from './vggSmall';
export { register, vggBackbones } from './register';
export { vgg16KerasNames } from './kerasNames';
