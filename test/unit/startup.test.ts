import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import type { Logger } from '../../src/logger.js';
import { closeDatabaseForShutdown, explainListenError, explainOpenError, reachableAt } from '../../src/startup.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => lines.push({ level, msg, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

/** better-sqlite3's error for a full disk, as the checkpoint throws it. */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('shutdown on a full disk', () => {
  it('when the shutdown checkpoint throws (disk full, injected), then it is caught, logged in one line, the handle closed, and the committed write survives in the WAL', () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'full.db');
    const db = openDatabase(file);
    db.$client.prepare("INSERT INTO sites (code, name, country, region, created_at) VALUES ('ZZ-1', 'kept', 'DE', 'EMEA', 'now')").run();
    const real = db.$client.pragma.bind(db.$client);
    // Injection: the checkpoint fails as it does when the disk is full; every other pragma works.
    db.$client.pragma = ((source: string, options?: Database.PragmaOptions) => {
      if (source.startsWith('wal_checkpoint')) throw diskFull();
      return real(source, options);
    }) as typeof db.$client.pragma;
    const { logger, lines } = recordingLogger();
    expect(closeDatabaseForShutdown(db, logger)).toBe(false);
    expect(db.$client.open).toBe(false);
    expect(lines).toEqual([
      {
        level: 'error',
        msg: expect.stringContaining('committed writes are safe in its -wal file'),
        fields: { code: 'SQLITE_FULL', reason: 'database or disk is full' },
      },
    ]);
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare("SELECT name FROM sites WHERE code = 'ZZ-1'").pluck().get()).toBe('kept');
    reopened.close();
  });

  it('when the checkpoint works, then it closes and reports success with nothing logged', () => {
    fs.mkdirSync(dir, { recursive: true });
    const db = openDatabase(path.join(dir, 'ok.db'));
    const { logger, lines } = recordingLogger();
    expect(closeDatabaseForShutdown(db, logger)).toBe(true);
    expect(db.$client.open).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe('the one line start-up prints', () => {
  it.each([
    [{ code: 'EADDRINUSE' }, 3000, 'port 3000 is in use; set PORT=3001 (or another free port, 0 for any) and start again.'],
    [{ code: 'EACCES' }, 80, 'port 80 needs privileges this user lacks; set PORT to a port above 1023.'],
  ])('when listening fails with %j on %i, then: %s', (err, port, line) => {
    expect(explainListenError(Object.assign(new Error('x'), err), port)).toBe(line);
  });

  it.each([
    ['EACCES', 'permission denied (EACCES)'],
    ['EROFS', 'the file system is read-only (EROFS)'],
    ['SQLITE_CANTOPEN', 'SQLite cannot open or create the file there (SQLITE_CANTOPEN)'],
    ['SQLITE_NOTADB', 'the file is not a SQLite database (SQLITE_NOTADB)'],
  ])('when opening fails with %s, then it says %s and where', (code, reason) => {
    const line = explainOpenError(Object.assign(new Error('raw\n    at stack'), { code }), 'data/x.db');
    expect(line).toBe(`cannot open the database at ${path.resolve('data/x.db')}: ${reason}. Check DATABASE_PATH and that its folder is writable by this user.`);
  });
});

describe('where the service can be reached, as start-up prints it', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null }) as os.NetworkInterfaceInfo;
  const interfaces = { lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)], wlan0: [nic('192.168.1.20', 'IPv4'), nic('fe80::1', 'IPv6')], eth1: [nic('10.0.0.7', 'IPv4')] };

  it('when HOST is loopback, then only localhost is offered (no other device can reach it)', () => {
    expect(reachableAt('127.0.0.1', 3000, interfaces)).toEqual({ url: 'http://localhost:3000', lan: [] });
  });

  it('when HOST opens every network, then each IPv4 address of the machine is offered for a phone to type', () => {
    expect(reachableAt('0.0.0.0', 3000, interfaces)).toEqual({ url: 'http://localhost:3000', lan: ['http://192.168.1.20:3000', 'http://10.0.0.7:3000'] });
    expect(reachableAt('::', 8080, interfaces).lan).toEqual(['http://192.168.1.20:8080', 'http://10.0.0.7:8080']);
  });

  it('when HOST is one address of the machine, then that address is the URL, since localhost does not reach it', () => {
    expect(reachableAt('192.168.1.20', 3000, interfaces)).toEqual({ url: 'http://192.168.1.20:3000', lan: ['http://192.168.1.20:3000'] });
  });
});
