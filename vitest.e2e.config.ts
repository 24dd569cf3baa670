import { defineConfig } from 'vitest/config';

// Browser tests: the real service on a random port, driven through Debian's Chromium.
// Run with `npm run test:e2e`; `npm test` never picks these up.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
