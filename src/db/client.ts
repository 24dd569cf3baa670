import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../drizzle',
);

/**
 * Opens (creating its folder) and migrates the database. Pragmas suit a server:
 * WAL lets readers run beside the writer, FULL sync keeps every committed write
 * across a power cut, and the busy timeout rides out a second process (the CLI import).
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = connectDatabase(file);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * Another connection to a database the service has opened (and migrated): the same
 * pragmas, no migration. The import's worker thread writes through one; `readonly`
 * ones read the snapshots of streamed exports (db/snapshot.ts).
 */
export function connectDatabase(file: string, opts: { readonly?: boolean; cacheKiB?: number } = {}): Db {
  const sqlite = new Database(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  if (file !== ':memory:' && !opts.readonly) sqlite.pragma('journal_mode = WAL');
  return withPragmas(sqlite, opts.cacheKiB);
}

function withPragmas(sqlite: Database.Database, cacheKiB = 65536): Db {
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`cache_size = -${cacheKiB}`);
  sqlite.pragma('temp_store = MEMORY');
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * An in-memory database from an image of another (better-sqlite3's `serialize()`), with
 * the same pragmas and no migration step: the image holds whatever its source had
 * (tests copy one migrated and seeded template instead of migrating every time).
 */
export function openDatabaseImage(image: Buffer): Db {
  return withPragmas(new Database(image));
}

export function closeDatabase(db: Db): void {
  const sqlite = db.$client;
  if (!sqlite.open) return;
  if (!sqlite.memory) sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}
