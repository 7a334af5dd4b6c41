export { alexnet } from './alexnet';
export { register, alexnetBackbones } from './register';
