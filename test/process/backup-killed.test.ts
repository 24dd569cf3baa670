import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partialOf } from '../../src/cli/backup.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { pinnedEnv, ROOT, run } from '../helpers/service-process.js';

// Issue 19: kill -9 during `npm run backup` left a 221 MB FILE.partial-PID and its journal
// behind. Now a backup stopped by a signal it can catch (Ctrl-C, SIGTERM) deletes its
// partial copy itself, and what a SIGKILL leaves, the next backup into the folder deletes.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-backup-killed-'));
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

/** The compiled `npm run backup -- target` as its own process; resolves once its partial copy exists (the copy is under way). */
function backupUnderWay(source: string, target: string) {
  const child = spawn(process.execPath, ['dist/cli/backup.js', target], { cwd: ROOT, env: pinnedEnv({ DATABASE_PATH: source }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const partial = partialOf(target, child.pid);
  return new Promise<{ child: ChildProcess; partial: string; exit: typeof exit; out: () => string }>((resolve, reject) => {
    // Polled: the copy is the event, and it may come and go within milliseconds.
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
  it('when it is killed with SIGKILL, then its partial copy stays, and the next backup into the folder removes it before writing its own', async () => {
    const source = paddedDatabase();
    const folder = path.join(dir, 'killed');
    fs.mkdirSync(folder);
    const killed = await backupUnderWay(source, path.join(folder, 'first.db'));
    killed.child.kill('SIGKILL');
    expect((await killed.exit).signal).toBe('SIGKILL');
    expect(partialsIn(folder)).toContain(path.basename(killed.partial));
    expect(fs.existsSync(path.join(folder, 'first.db'))).toBe(false);

    const next = await run(process.execPath, ['dist/cli/backup.js', path.join(folder, 'second.db')], { env: { DATABASE_PATH: source } });
    expect(next.code).toBe(0);
    expect(next.out).toMatch(new RegExp(`^Removed what an interrupted backup left: ${path.basename(killed.partial).replace(/\./g, '\\.')}`));
    expect(fs.readdirSync(folder)).toEqual(['second.db']);
  });

  it('when it is stopped with SIGTERM, then it deletes its partial copy itself and exits 1', async () => {
    const source = paddedDatabase();
    const folder = path.join(dir, 'terminated');
    fs.mkdirSync(folder);
    const stopped = await backupUnderWay(source, path.join(folder, 'stopped.db'));
    stopped.child.kill('SIGTERM');
    expect((await stopped.exit).code).toBe(1);
    expect(stopped.out()).toMatch(/backup stopped by SIGTERM; nothing was written/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});
