import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { closeDatabase, openDatabase } from './db/client.js';
import { createLogger } from './logger.js';
import { seedDatabase } from './seed.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
const db = openDatabase(config.databasePath);
const { app, deps } = createApp({ db, config, logger });

const { admin } = seedDatabase(deps);
if (admin.created === 'generated') {
  // Printed once, straight to the terminal: it is never stored in clear.
  process.stdout.write(
    `\nNo API keys existed, so an admin key was created. It is shown this once:\n\n    ${admin.secret}\n\n` +
      `Keep it somewhere safe, or restart with BOOTSTRAP_ADMIN_KEY set on an empty database.\n\n`,
  );
} else if (admin.created === 'bootstrap') {
  logger.info('admin key created from BOOTSTRAP_ADMIN_KEY');
}

const server: Server = app.listen(config.port, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  logger.info('listening', {
    url: `http://localhost:${port}`,
    docs: `http://localhost:${port}/docs`,
    database: path.resolve(config.databasePath),
    chinaExclusion: config.policyChinaExclusion,
    sanitizationRequired: config.policySanitizationRequired,
  });
  if (admin.created === null) {
    logger.info('admin key: use the one printed on first start, BOOTSTRAP_ADMIN_KEY, or create one with POST /api/v1/keys');
  }
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  // Stop taking connections, let requests in flight finish, then checkpoint and close
  // the database so every committed write is in the main file.
  server.close(() => {
    closeDatabase(db);
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
