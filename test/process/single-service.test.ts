import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILED_SERVICE, exitOf, run, startService, type ServiceProcess } from '../helpers/service-process.js';

// Contract v1.2 (Production and limits): one service process writes a database file; a
// second one started on the same file exits at start-up with one line naming the file
// (exit code 1). The lock must survive kill -9 of the first (no stale lock) and leave the
// commands that open the file beside a running service (backup, import) working.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lock-'));
const link = `${dir}-link`;
const services: ServiceProcess[] = [];
afterAll(() => {
  for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(link, { force: true });
});

const SECRET = 'ctk_process_lock_test_bootstrap_key';
const start = async (file: string) => {
  const s = await startService({ env: { DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: SECRET } });
  services.push(s);
  return s;
};
/** The compiled service run to its end (it is expected to refuse to start). */
const startRefused = (file: string) => run(COMPILED_SERVICE[0], COMPILED_SERVICE[1], { env: { PORT: '0', LOG_LEVEL: 'info', DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: SECRET } });

describe('one service process per database file', () => {
  it('when a second service starts on the file a running one serves, then it exits 1 with one line naming the file; backup and import work beside the first; after kill -9 of the first, a new one starts', async () => {
    const file = path.join(dir, 'served.db');
    const first = await start(file);

    const second = await startRefused(file);
    expect(second.code).toBe(1);
    const lines = second.err.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^another service process is already serving the database at /)]);
    expect(lines[0]).toContain(path.resolve(file));
    expect(second.out).not.toMatch(/listening/);

    // Another spelling of the same file (through a symlinked folder) is the same file.
    fs.symlinkSync(dir, link);
    expect((await startRefused(path.join(link, 'served.db'))).code).toBe(1);

    // The commands open the database itself, not the lock: they work beside the service.
    const csv = path.join(dir, 'units.csv');
    fs.writeFileSync(csv, 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nLOCK-1,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
    const imported = await run(process.execPath, ['dist/cli/import.js', 'units', csv], { env: { DATABASE_PATH: file, LOG_LEVEL: 'silent' } });
    expect([imported.code, imported.err]).toEqual([0, '']);
    const backup = await run(process.execPath, ['dist/cli/backup.js', path.join(dir, 'copy.db')], { env: { DATABASE_PATH: file } });
    expect([backup.code, backup.err]).toEqual([0, '']);
    const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM units WHERE serial_number = 'LOCK-1'").pluck().get()).toBe(1);
    copy.close();

    // kill -9 leaves the lock file but not its lock: the next start serves.
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    expect(fs.existsSync(`${path.resolve(file)}.lock`)).toBe(true);
    const restarted = await start(file);
    const res = await fetch(`${restarted.url}/api/v1/units?serialNumber=LOCK-1`, { headers: { Authorization: `Bearer ${SECRET}` } });
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(await restarted.stop()).toBe(0);
  });
});
