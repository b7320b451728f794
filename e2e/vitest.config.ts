import { defineConfig } from 'vitest/config';

// Browser-mode end-to-end tests: each file starts its own web server and Chromium, so files
// run one at a time (two cores) and get generous timeouts for training on the fixture.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
