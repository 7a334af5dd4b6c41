export { describeBackends, TEST_BACKENDS } from './describeBackends';
export { expectNoLeaks } from './leaks';
export { seededRandom, uniform, relativeError, finiteDifferenceGradient } from './numeric';
