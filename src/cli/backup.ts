/**
 * npm run backup -- FILE
 *
 * Writes a consistent copy of the local database (DATABASE_PATH) to FILE with SQLite's
 * online backup (better-sqlite3's `backup()`), while the service keeps running: in WAL
 * mode the copy reads one snapshot and never blocks the service's writes. The copy is
 * written beside FILE under a temporary name, checked (`PRAGMA integrity_check`) and
 * only then renamed to FILE, so FILE is either a whole, checked copy or absent.
 * An existing FILE is never overwritten. Exit codes: 0 written, 1 failed, 2 usage.
 * Restoring is docs/operations.md.
 *
 * The temporary copy is `FILE.partial-HOST-PID`. A backup that fails, or is stopped
 * with Ctrl-C or SIGTERM, deletes it (and SQLite's journal beside it). One killed with
 * SIGKILL, or by a power cut, cannot: the next backup into the same folder deletes
 * every partial copy of this host whose process is gone, before it starts. (A live
 * process, or another host's, keeps its own: on a folder shared by several hosts, the
 * host name tells them apart. Copies named FILE.partial-PID, by versions before the host
 * was in the name, are left for a person to delete.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config.js';
import { parseArgs } from './cli-db.js';

const USAGE = 'usage: npm run backup -- FILE   (copies DATABASE_PATH to FILE while the service runs)\n';

export type BackupResult = { file: string; bytes: number; pages: number; ms: number; units: number; events: number };

/** The temporary copy of a backup into `target` by this process. */
export const partialOf = (target: string, pid = process.pid, host = os.hostname()): string => `${target}.partial-${host}-${pid}`;

/** The files a partial copy may leave: itself and SQLite's files beside it. */
const withSideFiles = (file: string) => [file, `${file}-journal`, `${file}-wal`, `${file}-shm`];

/** A partial copy of this host, or a side file of one, as partialOf names them: group 1 is the process id. */
const partialPattern = (host: string) => new RegExp(`^.+\\.partial-${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)(?:-journal|-wal|-shm)?$`);

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Deletes what killed backups of this host left in `dir` (partial copies whose process
 * is gone, and their journals); answers the files removed and their bytes.
 */
export function removeLeftovers(dir: string): { files: string[]; bytes: number } {
  const partial = partialPattern(os.hostname());
  const removed = { files: [] as string[], bytes: 0 };
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = partial.exec(name);
    if (!m || !processIsGone(Number(m[1]))) continue;
    const file = path.join(dir, name);
    try {
      const { size } = fs.statSync(file);
      fs.rmSync(file);
      removed.files.push(file);
      removed.bytes += size;
    } catch {
      // Gone meanwhile, or not ours to remove: the backup goes on.
    }
  }
  return removed;
}

/** Partial copies being written by this process, deleted if it is stopped (SIGINT, SIGTERM, SIGHUP). */
const inProgress = new Set<string>();
function removePartial(tmp: string): void {
  for (const f of withSideFiles(tmp)) fs.rmSync(f, { force: true });
}

/**
 * Lets the event loop run once, so a signal that came during the synchronous copy or
 * check is handled (its handler deletes the partial copy) before more work is done.
 */
const yieldToSignals = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The copy itself, for the CLI and for tests: source must exist, target must not. */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const started = Date.now();
  const tmp = partialOf(target);
  inProgress.add(tmp);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Copy every remaining page in one step: a step reads one snapshot, so a write that
    // lands between two steps restarts the copy, and one step leaves no gap for that.
    const meta = await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    await yieldToSignals();
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
      const count = (t: string) => Number(copy.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
      const units = count('units');
      const events = count('events');
      // Fold the copy's WAL into the file, so FILE alone is the whole copy.
      copy.pragma('wal_checkpoint(TRUNCATE)');
      copy.close();
      await yieldToSignals();
      fs.renameSync(tmp, target);
      return { file: target, bytes: fs.statSync(target).size, pages: meta.totalPages, ms: Date.now() - started, units, events };
    } finally {
      if (copy.open) copy.close();
    }
  } catch (err) {
    removePartial(tmp);
    throw err;
  } finally {
    inProgress.delete(tmp);
    db.close();
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [target] = positional;
  if (!target || positional.length > 1 || flags.size > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const source = config.databasePath;
  if (!fs.existsSync(source)) {
    process.stderr.write(`no database at ${path.resolve(source)}: check DATABASE_PATH.\n`);
    return 2;
  }
  if (fs.existsSync(target)) {
    process.stderr.write(`${target} exists; a backup never overwrites a file. Choose a new name.\n`);
    return 2;
  }
  if (path.resolve(target) === path.resolve(source)) {
    process.stderr.write('the backup must be another file than the database.\n');
    return 2;
  }
  const leftovers = removeLeftovers(path.dirname(path.resolve(target)));
  if (leftovers.files.length > 0) {
    process.stdout.write(
      `Removed what an interrupted backup left: ${leftovers.files.map((f) => path.basename(f)).join(', ')} (${(leftovers.bytes / 1024 / 1024).toFixed(1)} MB).\n`,
    );
  }
  const onSignal = (signal: NodeJS.Signals) => {
    for (const tmp of inProgress) removePartial(tmp);
    process.stderr.write(`backup stopped by ${signal}; nothing was written to ${target}.\n`);
    process.exit(1);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.once(s, onSignal);
  try {
    const r = await backupDatabase(source, target);
    process.stdout.write(
      `Backed up ${path.resolve(source)} to ${path.resolve(r.file)}: ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ` +
        `${r.units} units, ${r.events} events, integrity ok, in ${(r.ms / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`backup failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

// Run only when executed, not when imported by a test.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
