/**
 * Group commit: writes that arrive together share one SQLite transaction and one
 * commit (one fsync under synchronous=FULL), as database servers do. Each job runs
 * in its own savepoint, so a refused job rolls back alone; every job's promise
 * settles only after the batch's COMMIT, so nothing is acknowledged before it is
 * durable. A batch is the jobs queued before the event loop next reaches its check
 * phase: under load, requests that arrive while one batch commits form the next.
 *
 * Under load a batch also waits for the clients it just answered (LINGER_MS at most):
 * the COMMIT blocks the event loop, so the requests that arrived during it are read
 * only after it, just as the answered clients send their next ones. Without the wait,
 * those two groups commit in turn forever, each paying its own fsync; with it, they
 * share one. After a batch of n jobs, the next one is committed as soon as it holds the
 * jobs that arrived during that commit plus n more, or when the wait ends. A batch of one
 * (a quiet service) never waits.
 *
 * Jobs must be synchronous (better-sqlite3 is): an await inside one would let the
 * batch commit under it. Outside HTTP (the demo, the CLI, tests calling services)
 * nothing changes: `transaction()` opens its own BEGIN IMMEDIATE when none is open.
 *
 * Two additions keep the event loop free while another connection writes:
 * - `exclusive(fn)` lends the writer to another connection (a CSV import's worker
 *   thread) until fn's promise settles. It takes its turn in the queue like a job: the
 *   jobs queued before it commit first, the ones queued after it wait (nothing is
 *   refused) and form the next batch once it ends. Without it, a batch would meet the
 *   other connection's lock and sleep in SQLite's busy handler, on the event loop.
 * - `waitWhenBusy(ms)`: a lock held by another process (the import CLI) makes the batch
 *   wait asynchronously, retrying BEGIN every few milliseconds up to `ms`, instead of
 *   sleeping in the busy handler; after that it is refused as service.unavailable.
 *   (The connection's own busy_timeout is set to 0 for it.)
 *
 * This is also where every transaction of the connection is opened (`transaction`, which
 * db/tx.ts calls), with statements prepared once: a job's own outermost transaction is the
 * job itself (its savepoint, or the batch's transaction when it runs alone), so a write
 * request opens no savepoint of its own.
 */
import type Database from 'better-sqlite3';
import type { Db } from './client.js';
import { rolledBack } from './read-cache.js';
import { StorageHealth, storageFaultOf } from './storage-faults.js';

type Settle = { resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Job = Settle & { fn: () => unknown };
/** A stretch of time during which another connection holds the writer. */
type Exclusive = Settle & { exclusive: () => Promise<unknown> };
/** The longest a batch waits for the clients the last one answered (Node's timers are per millisecond). */
export const LINGER_MS = 2;
type Done = { job: Job; ok: true; value: unknown } | { job: Job; ok: false; error: unknown };

const isExclusive = (e: Job | Exclusive): e is Exclusive => 'exclusive' in e;

/** How often a batch that met another process's lock tries BEGIN again. */
const BUSY_RETRY_MS = 10;

/** An error of SQLite that means "another writer holds the database" (worth waiting for). */
const isBusy = (err: unknown) => storageFaultOf(err)?.cause === 'locked by another writer';

export class GroupCommit {
  private queue: (Job | Exclusive)[] = [];
  private scheduled = false;
  /** An exclusive section is running: another connection holds the writer. */
  private holding = false;
  private waitWhenBusyMs = 0;
  /** When the batch at the head of the queue first met another process's lock. */
  private busySince: number | null = null;
  /** Batches committed, jobs run and exclusive sections lent, for tests and diagnostics. */
  readonly stats = { batches: 0, jobs: 0, largestBatch: 0, exclusive: 0 };
  /**
   * What the batches' outcomes say about the storage (disk full, read-only, locked, I/O):
   * a storage fault is answered 503 service.unavailable and shown by /health until a
   * batch commits again.
   */
  readonly storage: StorageHealth;
  private readonly beforeCommit = new Map<string, () => void>();

  private readonly sql: Record<
    'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback' | 'txSavepoint' | 'txRelease' | 'txRollbackTo',
    Database.Statement
  >;

  /** The job running now: whether its outermost transaction() was opened yet (it is the job's own). */
  private running: { claimed: boolean } | null = null;

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
      txSavepoint: sqlite.prepare('SAVEPOINT tx'),
      txRelease: sqlite.prepare('RELEASE tx'),
      txRollbackTo: sqlite.prepare('ROLLBACK TO tx'),
    };
  }

  /**
   * Runs fn in one transaction, all or nothing: BEGIN IMMEDIATE, or a savepoint when one
   * is open already; inside a job, its first transaction is the job's own (a refusal rolls
   * the whole job back), later ones get savepoints. fn must be synchronous.
   */
  transaction<T>(fn: () => T): T {
    const job = this.running;
    if (job && !job.claimed) {
      job.claimed = true;
      return synchronous(fn());
    }
    const s = this.sqlite;
    const sql = this.sql;
    const nested = s.inTransaction;
    (nested ? sql.txSavepoint : sql.begin).run();
    try {
      const value = synchronous(fn());
      (nested ? sql.txRelease : sql.commit).run();
      return value;
    } catch (err) {
      // SQLite may have ended the transaction itself (a full disk): then there is nothing to undo.
      if (s.inTransaction) {
        if (nested) {
          sql.txRollbackTo.run();
          sql.txRelease.run();
        } else sql.rollback.run();
      }
      rolledBack(s);
      throw err;
    }
  }

  /** Runs one job, marked as running so that its first transaction() is the job's own. */
  private runJob(job: Job): unknown {
    this.running = { claimed: false };
    try {
      return synchronous(job.fn(), 'a group-commit job must be synchronous');
    } finally {
      this.running = null;
    }
  }

  /** Runs fn in the next batch; settles with its value or error once the batch has committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.target === null || this.queue.length >= this.target) this.schedule();
    });
  }

  /** Under load, how many jobs the next batch waits for (see the header); null: commit at the next check phase. */
  private target: number | null = null;
  private lingering: NodeJS.Timeout | null = null;

  /**
   * Lends the writer: once the jobs queued before this call have committed, runs fn and
   * starts no batch until its promise settles (jobs queued meanwhile wait for it). For
   * work that writes through another connection of this process; settles as fn does.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ exclusive: fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Whether the writer is lent out now (an exclusive section runs): for tests and diagnostics. */
  get lent(): boolean {
    return this.holding;
  }

  /** From now on a lock held by another process is waited for asynchronously, up to `ms`. */
  waitWhenBusy(ms: number): void {
    this.sqlite.pragma('busy_timeout = 0');
    this.waitWhenBusyMs = ms;
  }

  private schedule(): void {
    if (this.scheduled || this.holding || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => this.commitBatch());
  }

  private commitBatch(): void {
    if (this.lingering) clearTimeout(this.lingering);
    this.lingering = null;
    this.target = null;
    const n = this.flush();
    if (n < 2) return;
    // A batch of several: hold the next one while the loop reads what arrived during this
    // commit, then count the answered clients in (awaitAnswered, in the next check phase).
    this.target = Number.POSITIVE_INFINITY;
    setImmediate(() => this.awaitAnswered(n));
  }

  private awaitAnswered(answered: number): void {
    if (this.scheduled) return;
    this.target = this.queue.length + answered;
    this.lingering = setTimeout(() => {
      this.lingering = null;
      if (this.queue.length > 0) this.schedule();
      else this.target = null;
    }, LINGER_MS);
    if (this.queue.length >= this.target) this.schedule();
  }

  private hold(x: Exclusive): void {
    this.holding = true;
    this.stats.exclusive += 1;
    let section: Promise<unknown>;
    try {
      section = x.exclusive();
    } catch (err) {
      section = Promise.reject(err);
    }
    void section.then(x.resolve, x.reject).finally(() => {
      this.holding = false;
      this.schedule();
    });
  }

  /** Work done once per batch, inside its transaction, after the jobs (e.g. a periodic sweep); one per name. */
  onBatch(name: string, fn: () => void): void {
    this.beforeCommit.set(name, fn);
  }

  /** Commits the next batch, or starts the exclusive section at the head of the queue; returns the batch's size. */
  private flush(): number {
    this.scheduled = false;
    if (this.holding) return 0;
    // A batch is the jobs up to the next exclusive section; the section starts after it.
    const cut = this.queue.findIndex(isExclusive);
    if (cut === 0) {
      this.hold(this.queue.shift() as Exclusive);
      return 0;
    }
    const batch = this.queue.splice(0, cut === -1 ? this.queue.length : cut) as Job[];
    try {
      this.runBatch(batch);
    } finally {
      this.schedule();
    }
    return batch.length;
  }

  private runBatch(batch: Job[]): void {
    const s = this.sqlite;
    const sql = this.sql;
    try {
      sql.begin.run();
    } catch (err) {
      if (isBusy(err) && this.waitWhenBusyMs > 0) {
        this.busySince ??= Date.now();
        if (Date.now() - this.busySince < this.waitWhenBusyMs) {
          // Back to the head of the queue, in order; tried again shortly.
          this.queue.unshift(...batch);
          this.scheduled = true;
          setTimeout(() => this.commitBatch(), BUSY_RETRY_MS);
          return;
        }
      }
      this.busySince = null;
      const answer = this.storage.failed(err);
      for (const job of batch) job.reject(answer);
      return;
    }
    this.busySince = null;
    // A batch of one job needs no savepoint: if it fails, the whole transaction goes. (A
    // savepoint also makes SQLite keep a statement journal of every page the job touches,
    // which slows a large job, a 100,000-row import, by orders of magnitude.)
    if (batch.length === 1) return this.flushOne(batch[0]!);
    const done: Done[] = [];
    try {
      for (const job of batch) {
        sql.savepoint.run();
        try {
          const value = this.runJob(job);
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
          rolledBack(s);
          done.push({ job, ok: false, error });
        }
      }
      for (const fn of this.beforeCommit.values()) fn();
      sql.commit.run();
    } catch (err) {
      // Nothing of this batch is durable: refuse every job of it (none was answered yet).
      this.rollback();
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
    const sql = this.sql;
    let value: unknown;
    try {
      value = this.runJob(job);
    } catch (error) {
      // The job's own refusal, or the storage's: nothing of it stays.
      this.rollback();
      this.count();
      job.reject(this.storage.failed(error));
      return;
    }
    try {
      for (const fn of this.beforeCommit.values()) fn();
      sql.commit.run();
    } catch (err) {
      this.rollback();
      job.reject(this.storage.failed(err));
      return;
    }
    this.storage.committed();
    this.count();
    job.resolve(value);
  }

  /** Rolls the batch's transaction back (if SQLite has not already) and drops what the read caches kept (read-cache.ts). */
  private rollback(): void {
    if (this.sqlite.inTransaction) this.sql.rollback.run();
    rolledBack(this.sqlite);
  }

  private count(): void {
    this.stats.batches += 1;
    this.stats.jobs += 1;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, 1);
  }
}

/** A transaction or job must not return a promise: an await inside it would let it commit early. */
function synchronous<T>(value: T, message = 'a transaction function must be synchronous (it returned a promise)'): T {
  if (value instanceof Promise) {
    value.catch(() => {}); // its rejection, if any, is not this caller's to report
    throw new Error(message);
  }
  return value;
}

const queues = new WeakMap<Database.Database, GroupCommit>();

/** The group-commit queue of a connection (one writer per connection). */
export function groupCommit(db: Db): GroupCommit {
  let q = queues.get(db.$client);
  if (!q) queues.set(db.$client, (q = new GroupCommit(db.$client)));
  return q;
}
