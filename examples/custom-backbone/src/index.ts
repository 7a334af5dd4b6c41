export { tinyNet } from './tinyNet';
export { register } from './register';
export { createTinyNet, TINYNET_NAME, TINYNET_INPUT_SIZE } from './createTinyNet';
export { tinyNetLayers, TINYNET_FILTERS } from './tinyNetLayers';
