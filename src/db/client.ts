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
  const sqlite = new Database(file);
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  const db = withPragmas(sqlite);
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

function withPragmas(sqlite: Database.Database): Db {
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
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
