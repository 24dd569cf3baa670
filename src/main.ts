import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './app.js';
import { groupCommit } from './db/group-commit.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { STRONG_CHOSEN_SECRET_LENGTH } from './modules/keys/keys.service.js';
import { seedDatabase } from './seed.js';
import { closeDatabaseForShutdown, listen, lockDatabaseOrExit, openDatabaseOrExit, reachableAt } from './startup.js';

/** How long a write waits for another process's write lock before it is refused (503). */
const WRITE_LOCK_WAIT_MS = 5000;

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
// One service process per database file: a second one exits here, before it migrates or serves.
const lock = lockDatabaseOrExit(config.databasePath);
const db = openDatabaseOrExit(config.databasePath);
const { app, deps } = createApp({ db, config, logger });

let server: Server;
try {
  server = await listen(app, config.port, config.host);
} catch (err) {
  // A start that does not serve must not look like one that does: one line, exit 1.
  process.stderr.write(`${(err as Error).message}\n`);
  closeDatabaseForShutdown(db, logger);
  process.exit(1);
}
// Seeded once the port is ours: a start that cannot serve creates no key it could not show.
const { admin } = seedDatabase(deps);
// From here on a write that meets another process's lock (the import CLI) waits for it
// asynchronously, never in SQLite's busy handler on the event loop (db/group-commit.ts).
groupCommit(db).waitWhenBusy(WRITE_LOCK_WAIT_MS);
if (admin.created === 'generated') {
  // Printed once, straight to the terminal: it is never stored in clear.
  process.stdout.write(
    `\nNo API keys existed, so an admin key was created. It is shown this once:\n\n    ${admin.secret}\n\n` +
      `Keep it somewhere safe, or restart with BOOTSTRAP_ADMIN_KEY set on an empty database.\n\n`,
  );
} else if (admin.created === 'bootstrap') {
  logger.info('admin key created from BOOTSTRAP_ADMIN_KEY');
  if ((config.bootstrapAdminKey ?? '').length < STRONG_CHOSEN_SECRET_LENGTH) {
    logger.warn(
      `BOOTSTRAP_ADMIN_KEY is shorter than ${STRONG_CHOSEN_SECRET_LENGTH} characters, so it cannot hold 128 bits: create an admin key with POST /api/v1/keys (its secret is generated) and revoke this one`,
    );
  }
}
{
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const { url, lan } = reachableAt(config.host, port, os.networkInterfaces());
  logger.info('listening', {
    url,
    docs: `${url}/docs`,
    host: config.host,
    // Other devices (a phone on the floor) reach it there; the camera needs https there (README, On the floor).
    ...(lan.length ? { lan } : {}),
    database: path.resolve(config.databasePath),
    chinaExclusion: config.policyChinaExclusion,
    sanitizationRequired: config.policySanitizationRequired,
  });
  if (admin.created === null) {
    logger.info('admin key: use the one printed on first start, BOOTSTRAP_ADMIN_KEY, or create one with POST /api/v1/keys (lost them all? npm run admin-key)');
  }
}

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  // Stop taking connections, let requests in flight finish, then checkpoint and close
  // the database so every committed write is in the main file.
  server.close(() => {
    const closed = closeDatabaseForShutdown(db, logger);
    lock.release();
    logger.info('stopped');
    process.exit(closed ? 0 : 1);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
  }, 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
