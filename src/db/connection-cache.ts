/**
 * Values read from the database and kept in memory, per connection, under one rule: a
 * kept value is what the database holds for this connection, or it is not kept.
 *
 * - Another connection committed (an import's worker thread, the CLI, a backup restore
 *   into a live file): `PRAGMA data_version` moved, so every value of this connection is
 *   dropped on its next read.
 * - This connection wrote the rows a value comes from: the writer calls `forget`, in its
 *   transaction (data_version does not move for a connection's own writes).
 * - This connection rolled back (a transaction, a group-commit job's savepoint, a whole
 *   batch): every value is dropped, since one may have been read from rows just undone.
 *
 * data_version is asked once per transaction (while a connection holds a transaction,
 * what it sees cannot change under it) and on every read outside one: the pragma costs
 * microseconds, which a 100,000-row import would otherwise pay per row. db/tx.ts and
 * db/group-commit.ts, which begin and end every transaction, say when one ends.
 *
 * Only statement caches (prepared once per connection) live outside this helper: a
 * prepared statement never goes stale.
 */
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

type Kept = {
  dataVersion: number;
  /** data_version was read inside the transaction the connection holds now. */
  checkedInTransaction: boolean;
  values: Map<unknown, unknown>;
  version: Database.Statement;
};
const kept = new WeakMap<Database.Database, Kept>();

function keptOf(sqlite: Database.Database): Kept {
  let k = kept.get(sqlite);
  if (!k) kept.set(sqlite, (k = { dataVersion: -1, checkedInTransaction: false, values: new Map(), version: sqlite.prepare('PRAGMA data_version').pluck() }));
  return k;
}

export type ConnectionCache<T> = {
  /** The kept value, loaded again when it was dropped (or never loaded). */
  get(db: Db): T;
  /** Drops the value: call in the transaction of every write to the rows it comes from. */
  forget(db: Db): void;
};

export function connectionCache<T>(load: (db: Db) => T): ConnectionCache<T> {
  const cache: ConnectionCache<T> = {
    get(db) {
      const sqlite = db.$client;
      const k = keptOf(sqlite);
      if (!(k.checkedInTransaction && sqlite.inTransaction)) {
        const version = k.version.get() as number;
        if (version !== k.dataVersion) {
          k.values.clear();
          k.dataVersion = version;
        }
        k.checkedInTransaction = sqlite.inTransaction;
      }
      if (k.values.has(cache)) return k.values.get(cache) as T;
      const value = load(db);
      k.values.set(cache, value);
      return value;
    },
    forget(db) {
      kept.get(db.$client)?.values.delete(cache);
    },
  };
  return cache;
}

/** Drops every kept value of a connection: after a rollback on it (of a transaction or a savepoint). */
export function forgetAll(sqlite: Database.Database): void {
  kept.get(sqlite)?.values.clear();
}

/** The connection's transaction ended (committed or rolled back): data_version must be asked again. */
export function transactionEnded(sqlite: Database.Database): void {
  const k = kept.get(sqlite);
  if (k) k.checkedInTransaction = false;
}
