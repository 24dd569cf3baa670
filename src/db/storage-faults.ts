/**
 * When the storage under SQLite refuses a write, the answer says so truthfully: 503
 * `service.unavailable` with Retry-After (the request changed nothing and may be sent
 * again), never 500, and `GET /health` says `degraded` with the cause until writes work
 * again. The causes, from SQLite's extended result codes:
 *
 * - disk full: SQLITE_FULL (SQLite's answer to ENOSPC, and to `max_page_count`);
 * - read-only: SQLITE_READONLY* (the file was opened read-only because it or its folder
 *   was not writable, or it was moved or deleted under the service);
 * - locked by another writer: SQLITE_BUSY*, SQLITE_LOCKED*, SQLITE_PROTOCOL (another
 *   process, such as `npm run import`, held the write lock past the busy timeout);
 * - I/O error: SQLITE_IOERR* (the disk failed a read, write or fsync).
 *
 * How /health learns it: the group commit reports every batch's outcome here, so the
 * last write failure is remembered and a commit clears it; besides that, each health
 * check looks at what is cheap to see (a connection opened read-only, free space on the
 * database's file system), and re-checks a remembered cause that can be probed without
 * writing (busy: can the write lock be taken now? disk full: is there room again?), at
 * most once a second, so an idle service recovers its `ok` without waiting for a write.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DomainError } from '../domain/errors.js';

export type StorageCause = 'disk full' | 'read-only' | 'locked by another writer' | 'I/O error';

export type StorageFault = { cause: StorageCause; code: string; retryAfterSeconds: number };

/** Below this much free space on the database's file system, /health says the disk is (nearly) full. */
export const LOW_SPACE_BYTES = 16 * 1024 * 1024;
const RECHECK_EVERY_MS = 1000;

const FAULTS: Array<{ match: RegExp; cause: StorageCause; retryAfterSeconds: number; detail: string }> = [
  { match: /^SQLITE_FULL$/, cause: 'disk full', retryAfterSeconds: 60, detail: 'The disk that holds the database is full' },
  { match: /^SQLITE_READONLY/, cause: 'read-only', retryAfterSeconds: 60, detail: 'The database cannot be written (it is read-only)' },
  { match: /^(SQLITE_BUSY|SQLITE_LOCKED|SQLITE_PROTOCOL)/, cause: 'locked by another writer', retryAfterSeconds: 5, detail: 'The database is busy with another writer' },
  { match: /^SQLITE_IOERR/, cause: 'I/O error', retryAfterSeconds: 30, detail: 'The disk that holds the database failed to read or write' },
];

const codeOf = (err: unknown): string =>
  err !== null && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';

/** The storage fault an error of better-sqlite3 stands for, or null for any other error. */
export function storageFaultOf(err: unknown): StorageFault | null {
  const code = codeOf(err);
  const f = code.startsWith('SQLITE_') ? FAULTS.find((x) => x.match.test(code)) : undefined;
  return f ? { cause: f.cause, code, retryAfterSeconds: f.retryAfterSeconds } : null;
}

/** 503 service.unavailable for a storage fault (Retry-After comes from retryAfterSeconds). */
export function unavailableError(f: StorageFault): DomainError {
  const detail = FAULTS.find((x) => x.cause === f.cause)!.detail;
  return new DomainError('service.unavailable', `${detail}; nothing was stored. Retry in ${f.retryAfterSeconds} s.`, {
    extensions: { cause: f.cause, retryAfterSeconds: f.retryAfterSeconds },
  });
}

/** An error as a client should see it: a storage fault becomes 503, anything else is left as it is. */
export function asUnavailable(err: unknown): unknown {
  const f = err instanceof DomainError ? null : storageFaultOf(err);
  return f ? unavailableError(f) : err;
}

export type StorageState = { ok: true } | { ok: false; cause: StorageCause; reason: string };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The write health of one connection: what the group commit saw, and what can be seen cheaply. */
export class StorageHealth {
  private fault: (StorageFault & { since: string }) | null = null;
  private lastRecheck = 0;
  private readonly dir: string | null;

  constructor(private readonly sqlite: Database.Database) {
    this.dir = sqlite.memory ? null : path.dirname(path.resolve(sqlite.name));
  }

  /** A write failed with `err`: remembers a storage fault, and answers the error the client should get. */
  failed(err: unknown): unknown {
    const f = err instanceof DomainError ? null : storageFaultOf(err);
    if (!f) return err;
    if (this.fault?.cause !== f.cause) this.fault = { ...f, since: new Date().toISOString() };
    return unavailableError(f);
  }

  /** A write committed: whatever refused writes before is over. */
  committed(): void {
    this.fault = null;
  }

  /** For /health: ok, or the cause that refuses (or will refuse) writes, in words. */
  state(now = Date.now()): StorageState {
    if (this.sqlite.readonly) {
      return { ok: false, cause: 'read-only', reason: 'read-only: the database file was opened read-only (it or its folder is not writable by this user); restart the service once it is' };
    }
    const free = this.freeBytes();
    if (free !== null && free < LOW_SPACE_BYTES) {
      return { ok: false, cause: 'disk full', reason: `disk full: ${mb(free)} free on the database's file system` };
    }
    if (this.fault && now - this.lastRecheck >= RECHECK_EVERY_MS) {
      this.lastRecheck = now;
      if (this.causeIsGone(this.fault.cause)) this.fault = null;
    }
    if (!this.fault) return { ok: true };
    const { cause, code, since } = this.fault;
    const until = cause === 'locked by another writer' ? 'until the other writer lets go' : 'until a write succeeds again';
    return { ok: false, cause, reason: `${cause}: writes are refused ${until} (${code} since ${since})` };
  }

  private freeBytes(): number | null {
    if (!this.dir) return null;
    try {
      const s = fs.statfsSync(this.dir);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  /** Probes that write nothing: whether the lock can be taken now, whether there is room again. */
  private causeIsGone(cause: StorageCause): boolean {
    if (cause === 'disk full') {
      const pages = Number(this.sqlite.pragma('page_count', { simple: true }));
      const max = Number(this.sqlite.pragma('max_page_count', { simple: true }));
      return pages < max && (this.freeBytes() ?? Infinity) >= LOW_SPACE_BYTES;
    }
    if (cause === 'locked by another writer') {
      // Our own open transaction (a write in progress) holds the lock: nobody else does.
      if (this.sqlite.inTransaction) return true;
      const timeout = Number(this.sqlite.pragma('busy_timeout', { simple: true }));
      this.sqlite.pragma('busy_timeout = 0');
      try {
        this.sqlite.exec('BEGIN IMMEDIATE');
        this.sqlite.exec('ROLLBACK');
        return true;
      } catch {
        return false;
      } finally {
        this.sqlite.pragma(`busy_timeout = ${timeout}`);
      }
    }
    // Read-only and I/O errors cannot be probed without writing: the next commit clears them.
    return false;
  }
}
