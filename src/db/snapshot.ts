/**
 * A consistent read that spans many event-loop turns (a streamed export): its own
 * connection holding one read transaction, so every page it reads shows the database
 * as it stood at the first one, whatever is committed meanwhile (WAL keeps the pages a
 * reader needs), and no write waits for it. The main connection cannot do this: a
 * transaction left open on it across turns would wrap every other request's reads and
 * writes. An in-memory database (tests) cannot be opened twice, so its snapshot is a
 * copy (SQLite's serialize), which is the same thing for a reader.
 */
import { connectDatabase, openDatabaseImage, type Db } from './client.js';

/** Page cache of a snapshot's connection (KiB): it reads each page once, in order. */
const SNAPSHOT_CACHE_KIB = 8 * 1024;

export type Snapshot = { db: Db; close(): void };

export function openSnapshot(db: Db): Snapshot {
  const main = db.$client;
  if (main.memory) {
    const copy = openDatabaseImage(main.serialize());
    return { db: copy, close: () => copy.$client.close() };
  }
  const snap = connectDatabase(main.name, { readonly: true, cacheKiB: SNAPSHOT_CACHE_KIB });
  const sqlite = snap.$client;
  sqlite.exec('BEGIN');
  // The snapshot is taken at the transaction's first read, now.
  sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
  return {
    db: snap,
    close() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec('COMMIT');
      sqlite.close();
    },
  };
}
