import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedThroughApi } from './seed.js';
import { ROOT, client, startService, tempDir, type Service } from './service.js';

const DEMO_LEDGER = path.join(ROOT, 'src/demo/demo-ledger.ts');

/**
 * Builds the `npm run demo` database (the same deterministic generator, written through
 * the real services) into a temporary file, so the tests never touch ./data/demo.db.
 */
async function buildDemoDatabase(file: string): Promise<string> {
  const [{ loadConfig }, { openDatabase, closeDatabase }, { createApp }, { createLogger }, { ensureAdminKey }, demo] = await Promise.all([
    import('../../../src/config.js'),
    import('../../../src/db/client.js'),
    import('../../../src/app.js'),
    import('../../../src/logger.js'),
    import('../../../src/modules/keys/keys.service.js'),
    import(pathToFileURL(DEMO_LEDGER).href) as Promise<{
      DEMO_ADMIN_KEY: string;
      generateDemoLedger: (db: unknown, config: unknown) => { units: number };
    }>,
  ]);
  const config = loadConfig({ DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: demo.DEMO_ADMIN_KEY, LOG_LEVEL: 'silent' });
  const db = openDatabase(file);
  try {
    const { deps } = createApp({ db, config, logger: createLogger('silent') });
    ensureAdminKey(deps);
    demo.generateDemoLedger(db, config);
  } finally {
    closeDatabase(db);
  }
  return demo.DEMO_ADMIN_KEY;
}

/**
 * The service on a random port over the demo database. Until the demo generator is on
 * this branch, a small fixed set seeded through the public API stands in for it.
 */
export async function startWithData(): Promise<{ service: Service; source: 'demo' | 'seeded' }> {
  const dir = tempDir('circularity-e2e-');
  const databasePath = path.join(dir, 'e2e.db');
  if (fs.existsSync(DEMO_LEDGER)) {
    const adminKey = await buildDemoDatabase(databasePath);
    return { service: await startService({ databasePath, adminKey }), source: 'demo' };
  }
  const service = await startService({ databasePath });
  await seedThroughApi(client(service.url, service.key));
  return { service, source: 'seeded' };
}
