import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { groupCommit } from '../../src/db/group-commit.js';
import { createTestApp, tableCounts, type TestApp } from '../helpers/test-app.js';
import { unitBody } from '../helpers/factories.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

// On a database file the service checks and writes imports of IMPORT_WORKER_FROM_ROWS rows
// or more in a worker thread with its own connection (src/modules/imports/import-runner.ts);
// the other import tests run on in-memory databases, where imports run in process. These
// run both (every file in the worker: importWorkerFromRows 0) and compare.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-import-worker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const onFile = (importWorkerFromRows = 0): TestApp & { file: string } => {
  const file = path.join(dir, `w-${++n}.db`);
  return { ...createTestApp({ importWorkerFromRows }, { db: openDatabase(file) }), file };
};

const UNITS = csv([UNIT_HEADER, ...Array.from({ length: 40 }, (_, i) => unitRow({ serialNumber: `W-${i}`, massKg: 100 + i }))]);
const EVENT_HEADER = ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler', 'reason', 'method', 'standard', 'media', 'verifiedBy'];
type Row = Record<string, string | number | null>;
const sanitize = (serialNumber: string): Row => ({ serialNumber, type: 'data_sanitized', occurredAt: '2024-03-02', method: 'purge', standard: 'NIST SP 800-88r1', media: 'hdd:D-1', verifiedBy: 'QA' });
const EVENTS = eventsCsv(
  EVENT_HEADER,
  Array.from({ length: 40 }, (_, i): Row[] => [
    { serialNumber: `W-${i}`, type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
    sanitize(`W-${i}`),
    { serialNumber: `W-${i}`, type: 'recycled', occurredAt: '2024-03-03', massKg: 100 + i, material: 'mixed', recycler: 'R' },
  ]).flat(),
);

/** What an import stored, without the ids and hashes that differ between two databases. */
function stored(t: TestApp) {
  const s = t.db.$client;
  return {
    units: s.prepare('SELECT serial_number, intake_g, state, recycled_g, created_by, created_at FROM units ORDER BY seq').all(),
    events: s.prepare('SELECT u.serial_number, e.type, e.occurred_at, e.mass_g, e.data, e.actor, e.recorded_at FROM events e JOIN units u ON u.id = e.unit_id ORDER BY e.seq').all(),
    kpi: s.prepare('SELECT * FROM kpi_daily ORDER BY day, region, category, modality, site_code').all(),
    audit: s.prepare("SELECT action, actor, json_extract(details, '$.rows') AS rows, json_extract(details, '$.sha256') AS sha256 FROM audit_log WHERE entity_type = 'import' ORDER BY seq").all(),
  };
}

describe('imports in a worker thread', () => {
  it('when a units file and an events file are imported into a database file, then they run in the worker and store what the in-process import stores', async () => {
    const worker = onFile();
    const inProcess = createTestApp();
    const lent = groupCommit(worker.db).stats.exclusive;
    for (const t of [worker, inProcess]) {
      const units = await postCsv(t, 'units', UNITS);
      expect(units.status).toBe(201);
      expect(units.body).toMatchObject({ kind: 'units', rows: 40, created: 40, idsTruncated: false });
      const events = await postCsv(t, 'events', EVENTS);
      expect(events.status).toBe(201);
      expect(events.body).toMatchObject({ kind: 'events', rows: 120, created: 120, unitsAffected: 40 });
    }
    // Both imports lent the writer to a worker; the in-memory app has no worker to lend it to.
    expect(groupCommit(worker.db).stats.exclusive - lent).toBe(2);
    expect(groupCommit(inProcess.db).stats.exclusive).toBe(0);
    expect(stored(worker)).toEqual(stored(inProcess));
    // The chain the worker extended verifies on the service's connection.
    const verify = await worker.as('esg').get('/api/v1/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
  });

  it('when a file has fewer rows than IMPORT_WORKER_FROM_ROWS, then it is written in process, with no thread started', async () => {
    const t = onFile(41);
    const lent = groupCommit(t.db).stats.exclusive;
    const res = await postCsv(t, 'units', UNITS);
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(40);
    expect(groupCommit(t.db).stats.exclusive).toBe(lent);
    expect(t.db.$client.prepare('SELECT count(*) FROM units').pluck().get()).toBe(40);
  });

  it('when rows of a file break schemas and rules, then the worker answers the same 400 as in process and stores nothing', async () => {
    const worker = onFile();
    const inProcess = createTestApp();
    const bad = eventsCsv(EVENT_HEADER, [
      { serialNumber: 'W-0', type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
      { serialNumber: 'W-0', type: 'recycled', occurredAt: '2024-03-03', massKg: 50, material: 'mixed', recycler: 'R' }, // not sanitized
      { serialNumber: 'W-1', type: 'assessed', occurredAt: 'yesterday', grade: 'C', route: 'recycle' },
      { serialNumber: 'NOPE', type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'recycle' },
      { serialNumber: 'W-2', type: 'landfilled', occurredAt: '2024-03-02', massKg: 1, reason: 'r' }, // not assessed yet
    ]);
    const answers = [];
    for (const t of [worker, inProcess]) {
      expect((await postCsv(t, 'units', UNITS)).status).toBe(201);
      const before = tableCounts(t.db);
      const res = await postCsv(t, 'events', bad);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(tableCounts(t.db)).toEqual(before);
      answers.push({ code: res.body.code, detail: res.body.detail, errors: res.body.errors, errorCount: res.body.errorCount });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'compliance.sanitization_required'],
      [4, 'validation.failed'],
      [5, 'unit.not_found'],
      [6, 'lifecycle.invalid_transition'],
    ]);
  });

  it('when an import is retried with its Idempotency-Key, then the worker replays the first answer and stores nothing; another body under the key is 409', async () => {
    const t = onFile();
    const first = await postCsv(t, 'units', UNITS, { key: 'units-1' });
    expect(first.status).toBe(201);
    const counts = tableCounts(t.db);
    const again = await postCsv(t, 'units', UNITS, { key: 'units-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(tableCounts(t.db)).toEqual(counts);
    const other = await postCsv(t, 'units', csv([UNIT_HEADER, unitRow({ serialNumber: 'OTHER' })]), { key: 'units-1' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('idempotency.mismatch');
    expect(tableCounts(t.db)).toEqual(counts);
  });

  it('when an import is writing, then GET /health answers and a POST /units waits for it (not refused) and is stored after it', async () => {
    const t = onFile();
    // Another process holds the write lock: the worker's BEGIN waits for it (in the worker
    // thread), so the import stays in its write phase until the lock is released.
    const other = new Database(t.file);
    other.exec('BEGIN IMMEDIATE');
    const gc = groupCommit(t.db);
    let imported = false;
    const importing = postCsv(t, 'units', UNITS).then((r) => ((imported = true), r));
    try {
      while (!gc.lent) await new Promise((r) => setTimeout(r, 5));
      const health = await t.agent.get('/api/v1/health');
      expect(health.status).toBe(200);
      expect(imported).toBe(false);
      let posted = false;
      const post = t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'DURING' })).then((r) => ((posted = true), r));
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(posted).toBe(false); // queued behind the import, not refused
      expect(gc.lent).toBe(true);
      other.exec('ROLLBACK');
      expect((await importing).status).toBe(201);
      expect((await post).status).toBe(201);
      const order = t.db.$client.prepare("SELECT serial_number FROM units WHERE serial_number IN ('W-39', 'DURING') ORDER BY ledger_seq").pluck().all();
      expect(order).toEqual(['W-39', 'DURING']);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('when the worker cannot get the write lock in time, then the import is 503 service.unavailable, stores nothing, and later writes go on', async () => {
    const t = onFile();
    const other = new Database(t.file);
    const before = tableCounts(t.db);
    other.exec('BEGIN IMMEDIATE');
    let res;
    try {
      res = await postCsv(t, 'units', UNITS); // the worker's busy timeout (5 s) runs out
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('service.unavailable');
    expect(tableCounts(t.db)).toEqual(before);
    expect(groupCommit(t.db).lent).toBe(false);
    expect((await t.as('operator').post('/api/v1/units', unitBody())).status).toBe(201);
  });
});
