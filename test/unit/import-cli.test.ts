import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorTable, main } from '../../src/cli/import.js';

describe('npm run import', () => {
  let dir: string;
  let out: string;
  let err: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const env = () => ({ DATABASE_PATH: path.join(dir, 'db', 'circularity.db'), LOG_LEVEL: 'silent' });

  it('when a valid file is imported, then it is stored in the local database with the cli actor and the exit code is 0', async () => {
    const units = file('u.csv', 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nA-1,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
    expect(await main(['units', units, '--create-db'], env())).toBe(0);
    expect(out).toMatch(/^Imported 1 units from 1 rows/);
    const db = new Database(env().DATABASE_PATH, { readonly: true });
    expect(db.prepare('SELECT serial_number, created_by FROM units').all()).toEqual([{ serial_number: 'A-1', created_by: 'cli' }]);
    expect(db.prepare("SELECT actor, action FROM audit_log WHERE entity_type = 'import'").all()).toEqual([{ actor: 'cli', action: 'import.units' }]);
    db.close();
  });

  it('when a file has errors, then nothing is stored, the errors are printed as a table and the exit code is 1', async () => {
    const events = file('e.csv', 'serialNumber,type,occurredAt,grade,route\nZZ,assessed,2024-01-02,A,recycle\nZZ,assessed,2024-01-02,Q,recycle\n');
    expect(await main(['events', events, '--create-db'], env())).toBe(1);
    expect(err).toContain('Nothing was stored: ');
    expect(err).toContain('row  column        message');
    expect(err).toContain('  2  serialNumber  no unit has serial "ZZ"');
    expect(err).toContain('  3  grade');
    const db = new Database(env().DATABASE_PATH, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    db.close();
  });

  it('when DATABASE_PATH names no file and --create-db is not given, then nothing is created and the exit code is 2', async () => {
    const units = file('u.csv', 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nA-1,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
    expect(await main(['units', units], env())).toBe(2);
    expect(err).toContain(`no database at ${env().DATABASE_PATH}`);
    expect(err).toContain('--create-db');
    expect(fs.existsSync(path.dirname(env().DATABASE_PATH))).toBe(false);
  });

  it('when DATABASE_PATH names an existing database, then the import needs no flag', async () => {
    const units = file('u.csv', 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nA-1,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
    const more = file('u2.csv', 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nA-2,imaging,CT,M,100,DE,HU-EROC,2024-01-01,trade_in\n');
    expect(await main(['units', units, '--create-db'], env())).toBe(0);
    expect(await main(['units', more], env())).toBe(0);
    const db = new Database(env().DATABASE_PATH, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 2 });
    db.close();
  });

  it('when the arguments are wrong, then usage is printed and the exit code is 2', async () => {
    expect(await main(['things', 'x.csv'], env())).toBe(2);
    expect(await main(['units', path.join(dir, 'missing.csv')], env())).toBe(2);
    expect(err).toContain('usage: npm run import -- units|events FILE.csv [--create-db]');
    expect(err).toContain('no such file');
  });

  it('when errors are tabulated, then columns line up and a row-level error shows a dash', () => {
    expect(errorTable([{ row: 12, column: null, message: 'm' }, { row: 3, column: 'massKg', message: 'n' }])).toBe(
      ['row  column  message', '---  ------  -------', ' 12  —       m', '  3  massKg  n'].join('\n'),
    );
  });
});
