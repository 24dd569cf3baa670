import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { seedDatabase } from '../../src/seed.js';
import { ADMIN_SECRET, fixedClock } from '../helpers/test-app.js';
import { unitBody } from '../helpers/factories.js';

/**
 * Every append-only table, attacked by every SQL path, on the database file opened
 * directly (a plain connection: none of the service's pragmas, recursive_triggers off
 * as SQLite's default), the way someone with the file and the sqlite3 shell would.
 * For each: the column a forger would change, and that column's forged value.
 */
const TABLES: Record<string, { column: string; forged: string | number }> = {
  events: { column: 'occurred_at', forged: '1999-01-01' },
  units: { column: 'intake_g', forged: 1 },
  audit_log: { column: 'action', forged: 'forged' },
  period_versions: { column: 'note', forged: 'forged' },
  period_unlocks: { column: 'reason', forged: 'forged' },
  factor_sets: { column: 'name', forged: 'forged' },
  magnet_upgrades: { column: 'magnet_serial', forged: 'forged' },
  magnet_upgrade_figures: { column: 'avoided_kg', forged: 1 },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'append-only-'));
const file = path.join(dir, 'ledger.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // A file with at least one row in every table, written through the API.
  const db = openDatabase(file);
  const { app, deps } = createApp({
    db,
    config: { ...loadConfig({}), logLevel: 'silent', bootstrapAdminKey: ADMIN_SECRET },
    clock: fixedClock(),
    logger: createLogger('silent'),
  });
  seedDatabase(deps);
  const as = (method: 'post', url: string, body: object) => request(app)[method](url).set('Authorization', `Bearer ${ADMIN_SECRET}`).send(body);
  const unit = await as('post', '/api/v1/units', unitBody());
  expect(unit.status).toBe(201);
  expect((await as('post', `/api/v1/units/${unit.body.id}/events`, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle' })).status).toBe(201);
  expect((await as('post', '/api/v1/magnet-upgrades', { magnetSerial: 'MAG-1', siteCountry: 'DE', fieldStrengthT: 1.5, completedAt: '2024-05-02' })).status).toBe(201);
  expect((await as('post', '/api/v1/periods/2024/lock', { note: 'v1' })).status).toBe(200);
  expect((await as('post', '/api/v1/periods/2024/unlock', { reason: 'restate' })).status).toBe(200);
  closeDatabase(db);
});

function withDirectConnection<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The SQL of each path against one existing row (its columns as a plain object, and its rowid). */
function attacks(table: string, row: Record<string, unknown>, rowid: number, column: string, forged: unknown) {
  const cols = Object.keys(row);
  const values = cols.map((c) => (c === column ? forged : row[c]));
  const list = cols.map((c) => `"${c}"`).join(', ');
  const params = cols.map(() => '?').join(', ');
  const conflictTarget = cols.includes('seq') ? 'seq' : 'id';
  return {
    UPDATE: [`UPDATE ${table} SET "${column}" = ? WHERE rowid = ?`, [forged, rowid]],
    DELETE: [`DELETE FROM ${table} WHERE rowid = ?`, [rowid]],
    'INSERT OR REPLACE': [`INSERT OR REPLACE INTO ${table} (${list}) VALUES (${params})`, values],
    REPLACE: [`REPLACE INTO ${table} (${list}) VALUES (${params})`, values],
    'UPDATE OR REPLACE': [`UPDATE OR REPLACE ${table} SET "${column}" = ? WHERE rowid = ?`, [forged, rowid]],
    UPSERT: [`INSERT INTO ${table} (${list}) VALUES (${params}) ON CONFLICT(${conflictTarget}) DO UPDATE SET "${column}" = excluded."${column}"`, values],
  } as Record<string, [string, unknown[]]>;
}

describe('append-only tables refuse every way of rewriting a row, on the file opened directly', () => {
  it('when the file is opened with a plain connection, then recursive_triggers is off (the triggers must not rely on it)', () => {
    withDirectConnection((db) => expect(db.pragma('recursive_triggers', { simple: true })).toBe(0));
  });

  const cases = Object.entries(TABLES).flatMap(([table, { column, forged }]) =>
    ['UPDATE', 'DELETE', 'INSERT OR REPLACE', 'REPLACE', 'UPDATE OR REPLACE', 'UPSERT'].map((path) => [table, path, column, forged] as const),
  );
  it.each(cases)('when %s is attacked by %s, then the database refuses and the table is unchanged', (table, pathName, column, forged) => {
    withDirectConnection((db) => {
      const snapshot = () => JSON.stringify(db.prepare(`SELECT rowid AS __rowid, * FROM ${table} ORDER BY rowid`).all());
      const before = snapshot();
      const rows = JSON.parse(before) as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      const { __rowid, ...all } = rows[0]!;
      // Generated columns (events.vendor_code) cannot be written at all: the attack writes the others.
      const generated = new Set((db.pragma(`table_xinfo(${table})`) as { name: string; hidden: number }[]).filter((c) => c.hidden === 2 || c.hidden === 3).map((c) => c.name));
      const row = Object.fromEntries(Object.entries(all).filter(([c]) => !generated.has(c)));
      const [sql, params] = attacks(table, row, Number(__rowid), column, forged)[pathName]!;
      expect(() => db.prepare(sql).run(...params)).toThrow(/append-only|immutable|never overwritten/);
      expect(snapshot()).toBe(before);
    });
  });

  it('when a unit’s projection (state, balances) is rewritten by the ledger writer, then it is allowed: only its intake record is frozen', () => {
    withDirectConnection((db) => {
      expect(() => db.prepare("UPDATE units SET state = state, last_event_at = last_event_at").run()).not.toThrow();
      expect(() => db.prepare('UPDATE units SET serial_number = serial_number').run()).toThrow(/append-only/);
    });
  });

  it('when a new row is appended with a fresh key, then it is accepted as ever', () => {
    withDirectConnection((db) => {
      const n = Number(db.prepare('SELECT count(*) FROM audit_log').pluck().get());
      db.prepare("INSERT INTO audit_log (id, at, action, entity_type) VALUES ('aud_fresh', '2026-01-01T00:00:00.000Z', 'test', 'test')").run();
      expect(Number(db.prepare('SELECT count(*) FROM audit_log').pluck().get())).toBe(n + 1);
    });
  });
});
