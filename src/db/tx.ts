import type { Db } from './client.js';

/**
 * Runs fn in one synchronous SQLite transaction (BEGIN IMMEDIATE, or a savepoint
 * when already inside one). fn must not await: with better-sqlite3 an await would
 * let the transaction commit before the work is done.
 */
export function transaction<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return sqlite.transaction(fn)();
  return sqlite.transaction(fn).immediate();
}
