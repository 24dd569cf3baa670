import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Four projects (README, Tests):
 * - unit, api: `npm test`. In-process, over in-memory databases copied from a migrated
 *   template (test/helpers/test-app.ts). Test files share their worker's modules
 *   (isolate: false): the app's imports, its OpenAPI document and the conformance
 *   validator are built once per worker instead of once per file. Every test makes its
 *   own app and database, module state is per database connection, and mocks are
 *   restored after the test that made them, so nothing leaks from one file to the next.
 * - process: `npm run test:process`. The compiled service and commands as processes
 *   (start-up, SIGTERM, backups under load).
 * - smoke: `npm run test:smoke`. Every route family once against the compiled service
 *   on a production install (dev dependencies pruned), started as `npm start` starts it.
 * The browser tests have their own config (vitest.e2e.config.ts).
 *
 * Timeouts are a guard against a hang, not a measure of speed (that is what the
 * benchmarks are for): on a shared 2-core machine under load a test may take many
 * times its quiet duration, and must still pass.
 */
const shared = {
  // One API test of the demo gate took 122 s beside the browser suite on a 2-core machine
  // at a load average of 16: the guards are minutes, not the seconds a quiet run needs.
  testTimeout: 600_000,
  hookTimeout: 900_000,
  expect: { poll: { timeout: 60_000 } },
  // With files sharing modules, a spy a test forgot to restore must not reach the next file.
  restoreMocks: true,
};

export default defineConfig({
  test: {
    // The machine's cores: the main process mostly waits on the workers.
    maxWorkers: Math.max(1, availableParallelism()),
    projects: [
      {
        test: { ...shared, name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/setup/conformance.ts'], isolate: false },
      },
      {
        test: { ...shared, name: 'api', include: ['test/api/**/*.test.ts'], setupFiles: ['test/setup/conformance.ts'], isolate: false },
      },
      {
        test: {
          ...shared,
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          globalSetup: ['test/setup/build.ts'],
        },
      },
      {
        test: {
          ...shared,
          name: 'smoke',
          include: ['test/smoke/**/*.test.ts'],
          globalSetup: ['test/setup/build.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
