import path from 'node:path';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { closeDatabase, openDatabase } from '../../../src/db/client.js';
import { DEMO_ADMIN_KEY, generateDemoLedger } from '../../../src/demo/demo-ledger.js';
import { createLogger } from '../../../src/logger.js';
import { seedDatabase } from '../../../src/seed.js';
import { E2E_CONFIG, startService, tempDir, type Service } from './service.js';

/**
 * Builds the `npm run demo` database with its own generator (deterministic, written
 * through the real services) into a temporary file, so the tests never touch
 * ./data/demo.db, and signs in with the demo's admin key.
 */
function buildDemoDatabase(file: string): string {
  const config = loadConfig({ ...E2E_CONFIG, DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: DEMO_ADMIN_KEY, LOG_LEVEL: 'silent' });
  const db = openDatabase(file);
  try {
    const { deps } = createApp({ db, config, logger: createLogger('silent') });
    seedDatabase(deps);
    generateDemoLedger(db, config);
  } finally {
    closeDatabase(db);
  }
  return DEMO_ADMIN_KEY;
}

/** The real service (compiled, as `npm start` runs it) on a random port over a fresh demo database. */
export async function startWithDemoData(): Promise<Service> {
  const databasePath = path.join(tempDir('circularity-e2e-'), 'demo.db');
  const adminKey = buildDemoDatabase(databasePath);
  return startService({ databasePath, adminKey });
}
