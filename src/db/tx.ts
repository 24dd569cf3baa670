import type { Db } from './client.js';
import { forgetAll, transactionEnded } from './connection-cache.js';

/**
 * Runs fn in one synchronous SQLite transaction (BEGIN IMMEDIATE, or a savepoint
 * when already inside one). fn must not await: with better-sqlite3 an await would
 * let the transaction commit before the work is done. When fn throws, its writes are
 * rolled back, and so is every value this connection kept in memory (connection-cache.ts).
 */
export function transaction<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  const outermost = !sqlite.inTransaction;
  try {
    return outermost ? sqlite.transaction(fn).immediate() : sqlite.transaction(fn)();
  } catch (err) {
    forgetAll(sqlite);
    throw err;
  } finally {
    if (outermost) transactionEnded(sqlite);
  }
}
