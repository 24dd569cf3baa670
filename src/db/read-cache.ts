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
 *   request, whoever wrote it; a write that rolls back leaves at worst a value read again.
 * - Values that also depend on one unit's ledger (`table`) carry that unit's version (the
 *   caller passes it, e.g. its event count and last event's seq): the ledger is
 *   append-only, so any write to the unit gives another version.
 * - The policy flags are the app's configuration, fixed for the app's life, and the cache
 *   lives and dies with the app.
 * Anything date-dependent puts the date in its version.
 *
 * Nothing else is cached across requests; per-transaction state (a writer's ledger cache,
 * its rule world) lives and dies with its transaction.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './client.js';

type Entry<T> = { token: bigint; version: string; value: T };

/** A bounded table of values keyed by an id and checked against a version (least recently used go first). */
export class CacheTable<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly token: () => bigint,
    private readonly max: number,
  ) {}

  /** The value for `key` at `version`: kept while the facts and the version stand, else worked out by `compute`. */
  get(key: string, version: string, compute: () => T): T {
    const token = this.token();
    const hit = this.entries.get(key);
    if (hit && hit.token === token && hit.version === version) {
      // Least recently used first: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { token, version, value });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

export class ReadCache {
  private readonly tokenStatement: Statement;
  private readonly facts = new Map<string, { token: bigint; value: unknown }>();
  private readonly tables = new Map<string, CacheTable<unknown>>();
  /** The token a read in progress looked at once (see `reading`). */
  private pinned: bigint | undefined;

  constructor(private readonly db: Db) {
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
    if (hit && hit.token === token) return hit.value as T;
    const value = read();
    this.facts.set(name, { token, value });
    return value;
  }

  /** The named table of values that depend on the facts and on their key's own version (at most `max` kept). */
  table<T>(name: string, max: number): CacheTable<T> {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new CacheTable<unknown>(this.token, max)));
    return t as CacheTable<T>;
  }

  /** What is held, for diagnostics and tests: fact names and table sizes. */
  describe(): { facts: string[]; tables: Record<string, number> } {
    return { facts: [...this.facts.keys()], tables: Object.fromEntries([...this.tables].map(([n, t]) => [n, t.size])) };
  }
}
