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
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../config.js';
import { parseArgs } from './cli-db.js';

const USAGE = 'usage: npm run backup -- FILE   (copies DATABASE_PATH to FILE while the service runs)\n';

export type BackupResult = { file: string; bytes: number; pages: number; ms: number; units: number; events: number };

/** The copy itself, for the CLI and for tests: source must exist, target must not. */
export async function backupDatabase(source: string, target: string): Promise<BackupResult> {
  const started = Date.now();
  const tmp = `${target}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Copy every remaining page in one step: a step reads one snapshot, so a write that
    // lands between two steps restarts the copy, and one step leaves no gap for that.
    const meta = await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
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
      fs.renameSync(tmp, target);
      return { file: target, bytes: fs.statSync(target).size, pages: meta.totalPages, ms: Date.now() - started, units, events };
    } finally {
      if (copy.open) copy.close();
    }
  } catch (err) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  } finally {
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
  }
}

// Run only when executed, not when imported by a test.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
