/**
 * The app as the bench's server: its own process, as in production, so its peak RSS
 * is the endpoint's alone (not the bench's copies of the CSV text). Started by
 * ingest.bench.ts with fork(); answers on IPC with its port, then its peak RSS.
 */
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { seedDatabase } from '../src/seed.js';

const [dbFile, key] = process.argv.slice(2) as [string, string];
const db = openDatabase(dbFile);
const config = { ...loadConfig({}), logLevel: 'silent' as const, bootstrapAdminKey: key };
const { app, deps } = createApp({ db, config, logger: createLogger('silent') });
seedDatabase(deps);
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send!({ port: typeof addr === 'object' && addr ? addr.port : 0 });
});
process.on('message', (msg: { stop?: boolean; cpu?: boolean }) => {
  // The CPU time this process has used so far (µs), asked before and after each import.
  if (msg.cpu) return void process.send!({ cpuUs: process.cpuUsage().user + process.cpuUsage().system });
  if (!msg.stop) return;
  server.close();
  closeDatabase(db);
  process.send!({ maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
});
