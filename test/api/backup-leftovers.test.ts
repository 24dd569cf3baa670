import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main as backup, partialOf, removeLeftovers } from '../../src/cli/backup.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';

// Issue 19: kill -9 during `npm run backup` left a 221 MB FILE.partial-PID and its journal
// behind. Now a backup stopped by a signal it can catch (Ctrl-C, SIGTERM) deletes its
// partial copy itself, and what a SIGKILL leaves, the next backup into the folder deletes.

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-backup-left-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real database padded to ~48 MB, so that a copy lasts long enough to be stopped halfway. */
function paddedDatabase(): string {
  const file = path.join(dir, 'live.db');
  if (fs.existsSync(file)) return file;
  const db = openDatabase(file);
  db.$client.exec(`CREATE TABLE padding (b BLOB);
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 48) INSERT INTO padding SELECT randomblob(1048576) FROM c;`);
  closeDatabase(db);
  return file;
}

/** `npm run backup -- target` as its own process; resolves once its partial copy exists (the copy is under way). */
function backupUnderWay(source: string, target: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', target], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: source },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const partial = partialOf(target, child.pid);
  return new Promise<{ child: ChildProcess; partial: string; exit: typeof exit; out: () => string }>((resolve, reject) => {
    const timer = setInterval(() => {
      if (fs.existsSync(partial)) {
        clearInterval(timer);
        resolve({ child, partial, exit, out: () => out });
      }
    }, 2);
    void exit.then(() => {
      clearInterval(timer);
      reject(new Error(`the backup ended before it could be stopped:\n${out}`));
    });
  });
}

const partialsIn = (folder: string) => fs.readdirSync(folder).filter((n) => n.includes('.partial-'));

describe('a backup that is stopped halfway', () => {
  it('when it is killed with SIGKILL, then its partial copy stays, and the next backup into the folder removes it before writing its own', { timeout: 180_000 }, async () => {
    const source = paddedDatabase();
    const folder = path.join(dir, 'killed');
    fs.mkdirSync(folder);
    const run = await backupUnderWay(source, path.join(folder, 'first.db'));
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    const left = partialsIn(folder);
    expect(left).toContain(path.basename(run.partial));
    expect(fs.existsSync(path.join(folder, 'first.db'))).toBe(false);

    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    try {
      expect(await backup([path.join(folder, 'second.db')], { DATABASE_PATH: source })).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out).toMatch(new RegExp(`^Removed what an interrupted backup left: ${path.basename(run.partial).replace(/\./g, '\\.')}`));
    expect(partialsIn(folder)).toEqual([]);
    expect(fs.readdirSync(folder)).toEqual(['second.db']);
  });

  it('when it is stopped with SIGTERM, then it deletes its partial copy itself and exits 1', { timeout: 180_000 }, async () => {
    const source = paddedDatabase();
    const folder = path.join(dir, 'terminated');
    fs.mkdirSync(folder);
    const run = await backupUnderWay(source, path.join(folder, 'stopped.db'));
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(1);
    expect(run.out()).toMatch(/backup stopped by SIGTERM; nothing was written/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

describe('what the next backup removes', () => {
  it('when a folder holds partial copies, then only this host’s whose process is gone are removed, side files included; live ones, other hosts’ and other files stay', async () => {
    const folder = path.join(dir, 'mixed');
    fs.mkdirSync(folder);
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    const deadPid = gone.pid!;
    const write = (name: string) => fs.writeFileSync(path.join(folder, name), 'x'.repeat(10));
    const dead = path.basename(partialOf(path.join(folder, 'a.db'), deadPid));
    const live = path.basename(partialOf(path.join(folder, 'b.db'), process.pid));
    const kept = [live, `${live}-journal`, `c.db.partial-another-host-${deadPid}`, `d.db.partial-${deadPid}`, 'notes.partial-draft', 'older.db'];
    for (const n of [dead, `${dead}-journal`, `${dead}-wal`, ...kept]) write(n);

    const removed = removeLeftovers(folder);
    expect(removed.files.map((f) => path.basename(f)).sort()).toEqual([dead, `${dead}-journal`, `${dead}-wal`].sort());
    expect(removed.bytes).toBe(30);
    expect(fs.readdirSync(folder).sort()).toEqual([...kept].sort());
  });
});
