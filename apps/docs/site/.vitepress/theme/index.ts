// The theme lives in src/ with the rest of the site's code.
export { default } from '../../../src/theme/index';
