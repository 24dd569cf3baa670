/**
 * One service process per database file. A second service on the same file would keep
 * writing correctly (SQLite serialises the writers) but serve from caches the other's
 * writes make stale: a site created through one process is unknown to the other, rate
 * limits count apart. So the service takes a lock at start-up and a second one exits.
 *
 * The lock is SQLite's own file locking on a side file, `FILE.lock`: the service holds
 * an exclusive transaction on it for as long as it runs. SQLite takes it with POSIX
 * advisory locks (fcntl), which the kernel drops when the process ends, however it ends:
 * after `kill -9` or a crash the file stays but its lock is gone, so a restart is never
 * blocked by a stale lock (unlike a PID file, which can outlive its process and name
 * another one). The lock file is never written (journal kept in memory) and stays empty.
 * The CLI tools open the database itself, never this file, so `npm run backup` (a live
 * read), `npm run import` and `npm run admin-key` go on working beside a running service.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export class DatabaseInUseError extends Error {}

export type ServiceLock = { file: string; lockFile: string; release(): void };

/** Where the lock of a database file lives: beside the real file (symlinks followed), so two spellings of one path meet. */
export function lockFileOf(file: string): string {
  const resolved = path.resolve(file);
  const real = fs.existsSync(resolved) ? fs.realpathSync(resolved) : path.join(fs.realpathSync(path.dirname(resolved)), path.basename(resolved));
  return `${real}.lock`;
}

/** Held locks: referenced here so that garbage collection never closes one (which would let it go). */
const held = new Set<Database.Database>();

/**
 * Takes the service lock of a database file (creating its folder), or throws
 * DatabaseInUseError when another process holds it. Other errors (a folder that cannot
 * be created or written) are thrown as they are, for the caller to explain.
 */
export function lockDatabaseFile(file: string): ServiceLock {
  if (file === ':memory:') return { file, lockFile: '', release: () => {} };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const lockFile = lockFileOf(file);
  const lock = new Database(lockFile);
  try {
    lock.pragma('busy_timeout = 0');
    lock.pragma('journal_mode = MEMORY');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock.close();
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new DatabaseInUseError(
        `another service process is already serving the database at ${path.resolve(file)} (it holds ${lockFile}); stop it first, or set DATABASE_PATH to another file.`,
      );
    }
    throw err;
  }
  held.add(lock);
  return {
    file,
    lockFile,
    release: () => {
      if (!held.delete(lock)) return;
      lock.close();
    },
  };
}
