import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main as backup } from '../../src/cli/backup.js';
import { main as importCsv } from '../../src/cli/import.js';
import { DatabaseInUseError, lockDatabaseFile } from '../../src/db/service-lock.js';

// Contract v1.2 (Production and limits): one service process writes a database file; a
// second one started on the same file exits at start-up with one line naming the file
// (exit code 1). The lock must survive kill -9 of the first (no stale lock) and leave the
// CLI tools that open the file beside a running service (backup, import) working.

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}-link`, { force: true });
});

const SECRET = 'ctk_process_lock_test_bootstrap_key';

/** The real server from source; resolves with its port once it listens, or with its exit code and output if it ends first. */
function start(file: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ child: ChildProcess; port?: number; code?: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setInterval(() => {
      const m = /"url":"http:\/\/localhost:(\d+)"/.exec(stdout);
      if (m) {
        clearInterval(timer);
        resolve({ child, port: Number(m[1]), stdout, stderr });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve({ child, code, stdout, stderr });
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

describe('one service process per database file', () => {
  it(
    'when a second service starts on the file a running one serves, then it exits 1 with one line naming the file; the backup and import CLIs still work beside the first; after kill -9 of the first, a new one starts',
    { timeout: 240_000 },
    async () => {
      const file = path.join(dir, 'served.db');
      const first = await start(file);
      expect(first.port).toBeGreaterThan(0);

      const second = await start(file);
      expect(second.port).toBeUndefined();
      expect(second.code).toBe(1);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(path.resolve(file));
      expect(lines[0]).toMatch(/^another service process is already serving the database at /);
      expect(second.stdout).not.toMatch(/listening/);

      // Another spelling of the same file (through a symlinked folder) is the same file.
      fs.symlinkSync(dir, `${dir}-link`);
      const third = await start(path.join(`${dir}-link`, 'served.db'));
      expect([third.port, third.code]).toEqual([undefined, 1]);

      // The CLI tools open the database itself, not the lock: they work beside the service.
      const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const csv = path.join(dir, 'units.csv');
      fs.writeFileSync(csv, 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nLOCK-1,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
      try {
        expect(await importCsv(['units', csv], { DATABASE_PATH: file, LOG_LEVEL: 'silent' })).toBe(0);
        expect(await backup([path.join(dir, 'copy.db')], { DATABASE_PATH: file })).toBe(0);
      } finally {
        quiet.mockRestore();
      }
      const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
      expect(copy.prepare("SELECT count(*) FROM units WHERE serial_number = 'LOCK-1'").pluck().get()).toBe(1);
      copy.close();

      // kill -9 leaves the lock file but not its lock: the next start serves.
      first.child.kill('SIGKILL');
      await exited(first.child);
      expect(fs.existsSync(`${path.resolve(file)}.lock`)).toBe(true);
      const restarted = await start(file);
      expect(restarted.port).toBeGreaterThan(0);
      const res = await fetch(`http://127.0.0.1:${restarted.port}/api/v1/units?serialNumber=LOCK-1`, { headers: { Authorization: `Bearer ${SECRET}` } });
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(1);
      restarted.child.kill('SIGTERM');
      await exited(restarted.child);
      expect(restarted.child.exitCode).toBe(0);
    },
  );
});

describe('the service lock, in process', () => {
  it('when the lock of a file is held, then taking it again is refused naming the file; once released it can be taken', () => {
    const file = path.join(dir, 'inproc', 'x.db');
    const lock = lockDatabaseFile(file);
    expect(fs.existsSync(path.join(dir, 'inproc'))).toBe(true);
    expect(() => lockDatabaseFile(file)).toThrow(DatabaseInUseError);
    expect(() => lockDatabaseFile(path.join(dir, 'inproc', '.', 'x.db'))).toThrow(path.resolve(file));
    lock.release();
    const again = lockDatabaseFile(file);
    again.release();
    // The lock file is never written: it stays empty, with no journal beside it.
    expect(fs.readdirSync(path.join(dir, 'inproc'))).toEqual(['x.db.lock']);
    expect(fs.statSync(`${file}.lock`).size).toBe(0);
  });

  it('when the database is in memory, then there is nothing to lock', () => {
    const a = lockDatabaseFile(':memory:');
    const b = lockDatabaseFile(':memory:');
    a.release();
    b.release();
  });
});
