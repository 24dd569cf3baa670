import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema.js';

/**
 * The same connection, seen through a drizzle handle whose prepare() hands back the
 * statement it prepared before for the same SQL. The demo replays some 70,000 writes
 * through the services, and preparing each statement afresh is about a fifth of a
 * write's cost. Only the demo uses this; the services run unchanged on it.
 */
export function withStatementReuse(db: Db): Db {
  const sqlite = db.$client;
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let st = cache.get(sql);
    if (!st) cache.set(sql, (st = sqlite.prepare(sql)));
    // drizzle switches select statements to raw mode itself; start every use from the default.
    else if (st.reader) st.raw(false);
    return st;
  };
  const client = new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return drizzle(client, { schema }) as Db;
}
