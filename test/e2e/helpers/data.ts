import path from 'node:path';
import { seedThroughApi } from './seed.js';
import { client, startService, tempDir, type Service } from './service.js';

/**
 * The service on a random port over a fresh database with data in it. Until the demo
 * generator exists this seeds a small fixed set through the public API.
 */
export async function startWithData(): Promise<{ service: Service; source: string }> {
  const dir = tempDir('circularity-e2e-');
  const service = await startService({ databasePath: path.join(dir, 'e2e.db') });
  await seedThroughApi(client(service.url, service.key));
  return { service, source: 'seeded through the API' };
}
