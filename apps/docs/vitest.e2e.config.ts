import { defineConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// The browser tests: the built site (dist/, built first when absent) served with COOP/COEP and driven in headless
// Chromium. One file at a time (each runs a browser); their JSON report is a test artefact, apart from the unit
// tests' .vitest-report.json.
export default defineConfig({
  ...sharedVitestConfig,
  test: {
    ...sharedVitestConfig.test,
    include: ['src/e2e/**/*.e2e.test.ts'],
    globalSetup: ['src/testing/ensureSiteBuilt.ts'],
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-e2e-report.json' }]],
    fileParallelism: false,
    testTimeout: 300_000,
  },
});
