import type { Db } from './client.js';
import { groupCommit } from './group-commit.js';

/**
 * Runs fn in one synchronous SQLite transaction (BEGIN IMMEDIATE, or a savepoint
 * when already inside one; inside a group-commit job, the job's own). fn must not
 * await: with better-sqlite3 an await would let the transaction commit before the
 * work is done. The connection's group commit opens it (db/group-commit.ts).
 */
export function transaction<T>(db: Db, fn: () => T): T {
  return groupCommit(db).transaction(fn);
}
