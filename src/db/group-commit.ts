/**
 * Group commit: writes that arrive together share one SQLite transaction and one
 * commit (one fsync under synchronous=FULL), as database servers do. Each job runs
 * in its own savepoint, so a refused job rolls back alone; every job's promise
 * settles only after the batch's COMMIT, so nothing is acknowledged before it is
 * durable. A batch is the jobs queued before the event loop next reaches its check
 * phase: under load, requests that arrive while one batch commits form the next.
 *
 * Jobs must be synchronous (better-sqlite3 is): an await inside one would let the
 * batch commit under it. Outside HTTP (the demo, the CLI, tests calling services)
 * nothing changes: `transaction()` opens its own BEGIN IMMEDIATE when none is open.
 */
import type Database from 'better-sqlite3';
import type { Db } from './client.js';
import { StorageHealth, storageFaultOf } from './storage-faults.js';

type Job = { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Done = { job: Job; ok: true; value: unknown } | { job: Job; ok: false; error: unknown };

export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  /** Batches committed and jobs run, for tests and diagnostics. */
  readonly stats = { batches: 0, jobs: 0, largestBatch: 0 };
  /**
   * What the batches' outcomes say about the storage (disk full, read-only, locked, I/O):
   * a storage fault is answered 503 service.unavailable and shown by /health until a
   * batch commits again.
   */
  readonly storage: StorageHealth;
  private readonly beforeCommit = new Map<string, () => void>();

  private readonly sql: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', Database.Statement>;

  constructor(private readonly sqlite: Database.Database) {
    this.storage = new StorageHealth(sqlite);
    // Prepared once: exec() would parse each statement again for every request.
    this.sql = {
      begin: sqlite.prepare('BEGIN IMMEDIATE'),
      savepoint: sqlite.prepare('SAVEPOINT job'),
      release: sqlite.prepare('RELEASE job'),
      rollbackTo: sqlite.prepare('ROLLBACK TO job'),
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
    };
  }

  /** Runs fn in the next batch; settles with its value or error once the batch has committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Work done once per batch, inside its transaction, after the jobs (e.g. a periodic sweep); one per name. */
  onBatch(name: string, fn: () => void): void {
    this.beforeCommit.set(name, fn);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const s = this.sqlite;
    const sql = this.sql;
    try {
      sql.begin.run();
    } catch (err) {
      const answer = this.storage.failed(err);
      for (const job of batch) job.reject(answer);
      return;
    }
    // A batch of one job needs no savepoint: if it fails, the whole transaction goes. (A
    // savepoint also makes SQLite keep a statement journal of every page the job touches,
    // which slows a large job, a 100,000-row import, by orders of magnitude.)
    if (batch.length === 1) return this.flushOne(batch[0]!);
    const done: Done[] = [];
    try {
      for (const job of batch) {
        sql.savepoint.run();
        try {
          const value = job.fn();
          if (value instanceof Promise) throw new Error('a group-commit job must be synchronous');
          sql.release.run();
          done.push({ job, ok: true, value });
        } catch (error) {
          // The storage refused a write (disk full, read-only, locked, I/O): SQLite may
          // already have rolled the whole transaction back, and nothing of this batch
          // can be durable. Refuse every job of it, below, with that cause.
          if (storageFaultOf(error) || !s.inTransaction) throw error;
          // A job's own failure: undo its writes only.
          sql.rollbackTo.run();
          sql.release.run();
          done.push({ job, ok: false, error });
        }
      }
      for (const fn of this.beforeCommit.values()) fn();
      sql.commit.run();
    } catch (err) {
      // Nothing of this batch is durable: refuse every job of it (none was answered yet).
      if (s.inTransaction) sql.rollback.run();
      const answer = this.storage.failed(err);
      for (const job of batch) job.reject(answer);
      return;
    }
    this.storage.committed();
    this.stats.batches += 1;
    this.stats.jobs += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    for (const d of done) {
      if (d.ok) d.job.resolve(d.value);
      else d.job.reject(d.error);
    }
  }

  /** One job in its own transaction (already begun): committed with it, or rolled back whole. */
  private flushOne(job: Job): void {
    const s = this.sqlite;
    const sql = this.sql;
    let value: unknown;
    try {
      value = job.fn();
      if (value instanceof Promise) throw new Error('a group-commit job must be synchronous');
    } catch (error) {
      // The job's own refusal, or the storage's: nothing of it stays.
      if (s.inTransaction) sql.rollback.run();
      this.count();
      job.reject(this.storage.failed(error));
      return;
    }
    try {
      for (const fn of this.beforeCommit.values()) fn();
      sql.commit.run();
    } catch (err) {
      if (s.inTransaction) sql.rollback.run();
      job.reject(this.storage.failed(err));
      return;
    }
    this.storage.committed();
    this.count();
    job.resolve(value);
  }

  private count(): void {
    this.stats.batches += 1;
    this.stats.jobs += 1;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, 1);
  }
}

const queues = new WeakMap<Database.Database, GroupCommit>();

/** The group-commit queue of a connection (one writer per connection). */
export function groupCommit(db: Db): GroupCommit {
  let q = queues.get(db.$client);
  if (!q) queues.set(db.$client, (q = new GroupCommit(db.$client)));
  return q;
}
