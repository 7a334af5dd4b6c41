import { defineConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// Unit tests of the examples' computations, in Node; the browser tests (src/e2e) run with vitest.e2e.config.ts.
export default defineConfig({
  ...sharedVitestConfig,
  test: { ...sharedVitestConfig.test, include: ['src/**/*.test.ts'], exclude: ['src/e2e/**', '**/node_modules/**'] },
});
