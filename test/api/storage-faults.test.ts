import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { groupCommit } from '../../src/db/group-commit.js';
import * as schema from '../../src/db/schema.js';
import { storageFaultOf } from '../../src/db/storage-faults.js';
import type { DomainError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { unitBody } from '../helpers/factories.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';

// Contract v1.2 (Production and limits): a write the database cannot take (disk full,
// read-only file, locked by another writer) is 503 service.unavailable with Retry-After
// and changes nothing; GET /health answers 200 `degraded` with a reason naming the cause
// while it holds. The faults here are SQLite's own answers, not mocks:
// - disk full: `PRAGMA max_page_count` at the current size makes SQLite answer SQLITE_FULL,
//   the code it gives when the file system reports ENOSPC (os_unix.c maps ENOSPC to
//   SQLITE_FULL), and like ENOSPC it can strike in the middle of a transaction;
// - read-only: a connection opened read-only, which is what SQLite opens when the file is
//   not writable (a chmod would not do here: the tests may run as root, whom permissions
//   do not stop);
// - busy: another connection holding the write lock past the busy timeout.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-faults-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileDb = () => openDatabase(path.join(dir, `faults-${++n}.db`));

const health = (t: { agent: ReturnType<typeof request> }) => t.agent.get('/api/v1/health');

describe('a full disk', () => {
  it('when the disk fills, then writes are 503 service.unavailable with Retry-After and change nothing; /health says degraded "disk full" until a write succeeds again', async () => {
    const t = createTestApp({}, { db: fileDb() });
    expect((await t.as('operator').post('/api/v1/units', unitBody())).status).toBe(201);
    const sqlite = t.db.$client;
    const unitId = sqlite.prepare('SELECT id FROM units LIMIT 1').pluck().get() as string;
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    const before = tableCounts(t.db);

    // 6 kB of notes: more than a page, so the event needs a new one.
    const event = await t.as('operator').post(`/api/v1/units/${unitId}/events`, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle', notes: '€'.repeat(2000) });
    expect(event.status).toBe(503);
    expect(event.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(event.headers['retry-after']).toBe('60');
    expect(event.body).toMatchObject({ code: 'service.unavailable', status: 503, cause: 'disk full', retryAfterSeconds: 60 });
    expect(event.body.detail).toMatch(/full; nothing was stored/);
    expect(tableCounts(t.db)).toEqual(before);
    expect(sqlite.inTransaction).toBe(false);

    // A CSV import is refused the same way, whole.
    const csv = ['serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel']
      .concat(Array.from({ length: 50 }, (_, i) => `CSV-FULL-${i},imaging,CT,${'m'.repeat(90)},100,DE,HU-EROC,2024-03-01,trade_in`))
      .join('\n');
    const imported = await t.as('operator').post('/api/v1/imports/units').set('Content-Type', 'text/csv').send(csv);
    expect([imported.status, imported.body.code, imported.headers['retry-after']]).toEqual([503, 'service.unavailable', '60']);
    expect(tableCounts(t.db)).toEqual(before);

    // Units go on filling the room left in the file's pages; the first that needs a new page is refused.
    let refused: request.Response | undefined;
    let counts = before;
    for (let i = 0; i < 100 && !refused; i++) {
      counts = tableCounts(t.db);
      const res = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: `FULL-${i}`, model: 'x'.repeat(100) }));
      if (res.status !== 201) refused = res;
    }
    expect([refused?.status, refused?.body.code]).toEqual([503, 'service.unavailable']);
    expect(tableCounts(t.db)).toEqual(counts);

    const degraded = await health(t);
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', database: { status: 'ok' } });
    expect(degraded.body.reason).toMatch(/^disk full: writes are refused until a write succeeds again \(SQLITE_FULL since /);
    // Reads go on.
    expect((await t.as('viewer').get('/api/v1/units')).status).toBe(200);

    // Space is freed: the next write is stored and /health is ok again.
    sqlite.pragma('max_page_count = 1073741823');
    expect((await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'AFTER-FULL' }))).status).toBe(201);
    const recovered = await health(t);
    expect(recovered.body.status).toBe('ok');
    expect(recovered.body.reason).toBeUndefined();
    closeDatabase(t.db);
  });

  it('when writes were refused for a full disk and room is made while nothing is written, then /health finds it at its next check (at most a second later)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t = createTestApp({}, { db: fileDb() });
      const sqlite = t.db.$client;
      sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
      const big = unitBody({ serialNumber: 'BIG', model: 'y'.repeat(100) });
      let status = 201;
      for (let i = 0; i < 200 && status === 201; i++) status = (await t.as('operator').post('/api/v1/units', { ...big, serialNumber: `BIG-${i}` })).status;
      expect(status).toBe(503);
      expect((await health(t)).body.status).toBe('degraded');
      sqlite.pragma('max_page_count = 1073741823');
      vi.setSystemTime(Date.now() + 1500);
      expect((await health(t)).body).toMatchObject({ status: 'ok' });
      closeDatabase(t.db);
    } finally {
      vi.useRealTimers();
    }
  });

  it('when one job of a batch meets a full disk, then every job of the batch is refused with 503 and none of their writes stays', async () => {
    const db = fileDb();
    const sqlite = db.$client;
    sqlite.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const insert = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
    insert.run('kept');
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
    const q = groupCommit(db);
    const results = await Promise.allSettled([
      q.run(() => insert.run('small').changes),
      q.run(() => insert.run('z'.repeat(20_000)).changes), // needs new pages
      q.run(() => insert.run('small too').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe('service.unavailable');
    expect(sqlite.prepare('SELECT v FROM t').pluck().all()).toEqual(['kept']);
    expect(sqlite.inTransaction).toBe(false);
    expect(q.storage.state()).toMatchObject({ ok: false, cause: 'disk full' });
    sqlite.pragma('max_page_count = 1073741823');
    expect(await q.run(() => insert.run('after').changes)).toBe(1);
    expect(q.storage.state()).toEqual({ ok: true });
    closeDatabase(db);
  });
});

describe('a read-only database', () => {
  it('when the database was opened read-only, then writes are 503 with Retry-After, reads work, and /health says degraded "read-only" at once', async () => {
    const file = path.join(dir, 'readonly.db');
    const seeded = createTestApp({}, { db: openDatabase(file) });
    closeDatabase(seeded.db);
    const db = drizzle(new Database(file, { readonly: true }), { schema }) as Db;
    const { app } = createApp({ db, config: seeded.config, clock: seeded.clock, logger: createLogger('silent') });
    const agent = request(app);
    const auth = { Authorization: `Bearer ${seeded.keys.operator}` };
    const before = tableCounts(db);

    const res = await agent.post('/api/v1/units').set(auth).send(unitBody());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toMatchObject({ code: 'service.unavailable', cause: 'read-only' });
    expect(res.body.detail).toMatch(/read-only\); nothing was stored/);
    expect(tableCounts(db)).toEqual(before);

    expect((await agent.get('/api/v1/units').set(auth)).status).toBe(200);
    const h = await agent.get('/api/v1/health');
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('degraded');
    expect(h.body.reason).toMatch(/^read-only: /);
    db.$client.close();
  });
});

describe('another writer holding the lock', () => {
  it('when another process holds the write lock past the busy timeout, then 503 with a short Retry-After and nothing stored; /health says "locked by another writer" until the lock is free', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t = createTestApp({}, { db: fileDb() });
    const other = new Database(t.db.$client.name);
    try {
      t.db.$client.pragma('busy_timeout = 20');
      const before = tableCounts(t.db);
      other.exec('BEGIN IMMEDIATE');
      const res = await t.as('operator').post('/api/v1/units', unitBody());
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ code: 'service.unavailable', cause: 'locked by another writer' });
      expect(tableCounts(t.db)).toEqual(before);
      expect((await health(t)).body.reason).toMatch(/^locked by another writer: /);
      // Still held a second later: still degraded.
      vi.setSystemTime(Date.now() + 1500);
      expect((await health(t)).body.status).toBe('degraded');
      other.exec('ROLLBACK');
      vi.setSystemTime(Date.now() + 1500);
      expect((await health(t)).body.status).toBe('ok');
      expect(t.db.$client.pragma('busy_timeout', { simple: true })).toBe(20);
      expect((await t.as('operator').post('/api/v1/units', unitBody())).status).toBe(201);
    } finally {
      vi.useRealTimers();
      other.close();
      closeDatabase(t.db);
    }
  });
});

describe('which errors are storage faults', () => {
  it.each([
    ['SQLITE_FULL', 'disk full'],
    ['SQLITE_READONLY', 'read-only'],
    ['SQLITE_READONLY_DBMOVED', 'read-only'],
    ['SQLITE_BUSY', 'locked by another writer'],
    ['SQLITE_BUSY_SNAPSHOT', 'locked by another writer'],
    ['SQLITE_LOCKED', 'locked by another writer'],
    ['SQLITE_IOERR_WRITE', 'I/O error'],
    ['SQLITE_IOERR_FSYNC', 'I/O error'],
  ])('when SQLite answers %s, then it is the cause "%s"', (code, cause) => {
    expect(storageFaultOf(Object.assign(new Error('x'), { code }))?.cause).toBe(cause);
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_CORRUPT', 'ENOENT', undefined])('when the error is %s, then it is no storage fault (a bug stays a 500)', (code) => {
    expect(storageFaultOf(Object.assign(new Error('x'), { code }))).toBeNull();
  });
});
