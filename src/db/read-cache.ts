/**
 * The app's read cache: what the hot paths would otherwise read (or work out) again on
 * every request, kept in one place per app (createApp makes it: deps.cache) under one rule.
 *
 * The rule: a cached value stands only while what it was worked out from stands.
 * - Facts (sites, period locks, vendors and their certificates, shipments and receipts,
 *   API keys): the `facts_version` token, which triggers move in the transaction of every
 *   write to those tables, by any connection (migration 0015). Each lookup reads the token
 *   (one indexed row) and a value read at another token is read again. So a new site, a
 *   lock or unlock, a certificate, a receipt or a revoked key is seen by the very next
 *   request, whoever wrote it: a site or vendor added by an import's worker thread or the
 *   CLI (their own connections), a key revoked by the admin-key CLI.
 * - Values that also depend on one unit's ledger (`table`) carry that unit's version (the
 *   caller passes it, e.g. its event count and last event's seq): the ledger is
 *   append-only, so any write to the unit gives another version.
 * - A rollback on the cache's connection (a transaction, a group-commit job's savepoint, a
 *   whole batch: the group commit says so, `rolledBack`) drops every value kept before it.
 *   The token alone does not cover it: a rollback puts the old token back, and a value read
 *   inside the undone transaction (at the old token, or from a unit's undone events, whose
 *   version the next write may give again) would otherwise stand.
 * - The policy flags are the app's configuration, fixed for the app's life, and the cache
 *   lives and dies with the app.
 * Anything date-dependent puts the date in its version.
 *
 * Nothing else is cached across requests; per-transaction state (a writer's ledger cache,
 * its rule world) lives and dies with its transaction.
 */
import type Database from 'better-sqlite3';
import type { Db } from './client.js';

/** Rollbacks seen on a connection: a value is kept with the count it was read at. */
type Rollbacks = { count: number };
const rollbacksOf = new WeakMap<Database.Database, Rollbacks>();

function rollbacks(sqlite: Database.Database): Rollbacks {
  let r = rollbacksOf.get(sqlite);
  if (!r) rollbacksOf.set(sqlite, (r = { count: 0 }));
  return r;
}

/**
 * The connection rolled back (a transaction, a savepoint, a whole batch): every value its
 * read caches kept is dropped, since one may have been read from rows just undone. Called
 * by db/group-commit.ts, which opens and ends every transaction of a connection.
 */
export function rolledBack(sqlite: Database.Database): void {
  rollbacks(sqlite).count += 1;
}

type Entry<T> = { token: bigint; rollbacks: number; version: string; value: T };

/** A bounded table of values keyed by an id and checked against a version (least recently used go first). */
export class CacheTable<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly token: () => bigint,
    private readonly rollbacks: Rollbacks,
    private readonly max: number,
  ) {}

  /** The value for `key` at `version`: kept while the facts and the version stand, else worked out by `compute`. */
  get(key: string, version: string, compute: () => T): T {
    const token = this.token();
    const hit = this.entries.get(key);
    if (hit && hit.token === token && hit.rollbacks === this.rollbacks.count && hit.version === version) {
      // Least recently used first: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { token, rollbacks: this.rollbacks.count, version, value });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

export class ReadCache {
  private readonly tokenStatement: Database.Statement;
  private readonly rollbacks: Rollbacks;
  private readonly facts = new Map<string, { token: bigint; rollbacks: number; value: unknown }>();
  private readonly tables = new Map<string, CacheTable<unknown>>();
  /** The token a read in progress looked at once (see `reading`). */
  private pinned: bigint | undefined;

  constructor(private readonly db: Db) {
    this.rollbacks = rollbacks(db.$client);
    this.tokenStatement = db.$client.prepare('SELECT token FROM facts_version WHERE id = 1').pluck().safeIntegers(true);
  }

  /** The facts token now (read from the database: it moves with every fact write, from any connection). */
  readonly token = (): bigint => {
    // A pinned token is only good outside a transaction: a read never opens one.
    if (this.pinned !== undefined && !this.db.$client.inTransaction) return this.pinned;
    return (this.tokenStatement.get() as bigint | undefined) ?? 0n;
  };

  /**
   * Runs a read-only request's synchronous part with one look at the facts token: every
   * lookup inside it uses the token as it was when the read began (one instant for all its
   * facts, and one statement instead of one per lookup). Not for writes: inside a
   * transaction every lookup reads the token again.
   */
  reading<T>(fn: () => T): T {
    if (this.pinned !== undefined) return fn();
    this.pinned = (this.tokenStatement.get() as bigint | undefined) ?? 0n;
    try {
      return fn();
    } finally {
      this.pinned = undefined;
    }
  }

  /** A value worked out from the facts alone (a table of them), read again when they change. */
  fact<T>(name: string, read: () => T): T {
    const token = this.token();
    const hit = this.facts.get(name);
    if (hit && hit.token === token && hit.rollbacks === this.rollbacks.count) return hit.value as T;
    const value = read();
    this.facts.set(name, { token, rollbacks: this.rollbacks.count, value });
    return value;
  }

  /** The named table of values that depend on the facts and on their key's own version (at most `max` kept). */
  table<T>(name: string, max: number): CacheTable<T> {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new CacheTable<unknown>(this.token, this.rollbacks, max)));
    return t as CacheTable<T>;
  }

  /** What is held, for diagnostics and tests: fact names and table sizes. */
  describe(): { facts: string[]; tables: Record<string, number> } {
    return { facts: [...this.facts.keys()], tables: Object.fromEntries([...this.tables].map(([n, t]) => [n, t.size])) };
  }
}
