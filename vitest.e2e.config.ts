import { defineConfig } from 'vitest/config';

// Browser tests: the compiled service (built first when stale, as `npm start` does) on a
// random port, driven through Debian's Chromium. Run with `npm run test:e2e`; `npm test`
// never picks these up.
//
// Every wait in them is a wait for a condition (an element, a text, an answer), with no
// clock of its own (Playwright's timeouts are off, test/e2e/helpers/browser.ts); these
// timeouts are only the guard against a real hang, set for a busy shared machine.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    expect: { poll: { timeout: 300_000, interval: 50 } },
    fileParallelism: false,
  },
});
