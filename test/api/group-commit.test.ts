import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { groupCommit, LINGER_MS } from '../../src/db/group-commit.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { transaction } from '../../src/db/tx.js';
import { DomainError } from '../../src/domain/errors.js';
import { unitBody } from '../helpers/factories.js';
import { createTestApp, tableCounts } from '../helpers/test-app.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-gc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('group commit', () => {
  it('when jobs are queued together, then they share one transaction and each settles with its own answer', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const q = groupCommit(db);
    const insert = db.$client.prepare('INSERT INTO t (v) VALUES (?)');
    const before = { ...q.stats };
    const results = await Promise.allSettled([
      q.run(() => insert.run(1).changes),
      q.run(() => {
        insert.run(2);
        throw new DomainError('validation.failed', 'refused after writing');
      }),
      q.run(() => insert.run(3).changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    // The refused job's own write was rolled back; the others were committed together.
    expect(db.$client.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 3]);
    expect(q.stats.batches - before.batches).toBe(1);
    expect(q.stats.largestBatch).toBeGreaterThanOrEqual(3);
    expect(db.$client.inTransaction).toBe(false);
    closeDatabase(db);
  });

  it('when a job opens transactions, then its first is the job itself and a later one that fails undoes only its own writes', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const q = groupCommit(db);
    const insert = db.$client.prepare('INSERT INTO t (v) VALUES (?)');
    const answer = await q.run(() => {
      transaction(db, () => insert.run(1));
      try {
        transaction(db, () => {
          insert.run(2);
          throw new Error('refused');
        });
      } catch {
        // the job goes on without the refused part
      }
      return 'kept';
    });
    expect(answer).toBe('kept');
    expect(db.$client.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1]);
    // Outside any job, a transaction that throws leaves nothing either.
    const refused = () =>
      transaction(db, () => {
        insert.run(3);
        throw new Error('no');
      });
    expect(refused).toThrow('no');
    expect(db.$client.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1]);
    expect(db.$client.inTransaction).toBe(false);
    closeDatabase(db);
  });

  it('when a batch of several is answered and its clients come back within the wait, then their jobs and those that arrived meanwhile share one commit', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const q = groupCommit(db);
    const insert = (v: number) => () => db.$client.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
    await Promise.all([1, 2, 3, 4].map((v) => q.run(insert(v)))); // four clients answered together
    const before = { ...q.stats };
    const duringCommit = [q.run(insert(5)), q.run(insert(6))]; // read right after that commit
    await new Promise((r) => setImmediate(r)); // the next check phase: the batch now waits for 2 + 4 jobs
    expect(q.stats.batches).toBe(before.batches);
    const back = [7, 8, 9, 10].map((v) => q.run(insert(v))); // the four answered clients come back
    expect(await Promise.all([...duringCommit, ...back])).toEqual([1, 1, 1, 1, 1, 1]);
    expect(q.stats.batches - before.batches).toBe(1);
    expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(10);
    closeDatabase(db);
  });

  it('when the answered clients do not come back, then what is queued commits once the wait ends, and a lone job never waits', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const q = groupCommit(db);
    const insert = (v: number) => () => db.$client.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
    await Promise.all([1, 2, 3].map((v) => q.run(insert(v))));
    await new Promise((r) => setImmediate(r));
    const lone = q.run(insert(4));
    await new Promise((r) => setImmediate(r));
    expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3); // it waits for the three answered clients…
    expect(await lone).toBe(1); // …which never come: committed when the wait ends
    await new Promise((r) => setTimeout(r, LINGER_MS + 5)); // a quiet service again
    const before = q.stats.batches;
    expect(await q.run(insert(5))).toBe(1);
    expect(q.stats.batches - before).toBe(1);
    closeDatabase(db);
  });

  it('when a job is asynchronous, then it is refused and its writes are undone', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    const q = groupCommit(db);
    const run = q.run(() => {
      db.$client.prepare('INSERT INTO t (v) VALUES (1)').run();
      return Promise.resolve(1);
    });
    await expect(run).rejects.toThrow(/synchronous/);
    expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    closeDatabase(db);
  });

  it('when another connection holds the write lock, then the batch is refused as service.unavailable and nothing is half-written', async () => {
    const file = path.join(dir, 'busy.db');
    const db = openDatabase(file);
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    db.$client.pragma('busy_timeout = 50');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const q = groupCommit(db);
    const err = await q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (1)').run()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('service.unavailable');
    other.exec('ROLLBACK');
    other.close();
    expect(db.$client.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    expect(await q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (2)').run().changes)).toBe(1);
    closeDatabase(db);
  });

  it('when many units are posted at once, one of them refused, then the others are stored and the refused one left nothing', async () => {
    const t = createTestApp();
    const q = groupCommit(t.db);
    const before = { ...q.stats };
    const counts = tableCounts(t.db);
    const bodies = Array.from({ length: 12 }, (_, i) => unitBody({ serialNumber: `GC-${i}`, ...(i === 5 ? { siteCode: 'NOPE' } : {}) }));
    const answers = await Promise.all(bodies.map((b) => t.as('operator').post('/api/v1/units', b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map((_, i) => (i === 5 ? 400 : 201)));
    const after = tableCounts(t.db);
    expect(after.units! - counts.units!).toBe(11);
    expect(after.audit_log! - counts.audit_log!).toBe(11);
    expect(t.db.$client.prepare("SELECT count(*) FROM units WHERE serial_number = 'GC-5'").pluck().get()).toBe(0);
    expect(q.stats.jobs - before.jobs).toBe(12); // every write went through the queue
  });
});

describe('group commit beside another writer', () => {
  const fileDb = (name: string) => {
    const db = openDatabase(path.join(dir, name));
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL)');
    return db;
  };
  const values = (db: ReturnType<typeof openDatabase>) => db.$client.prepare('SELECT v FROM t ORDER BY rowid').pluck().all();

  it('when the writer is lent (exclusive), then jobs queued before it commit first and jobs queued during it wait, unrefused, and commit after it', async () => {
    const db = fileDb('lend.db');
    const q = groupCommit(db);
    const insert = db.$client.prepare('INSERT INTO t (v) VALUES (?)');
    const other = new Database(path.join(dir, 'lend.db'));
    const settled: string[] = [];
    const before = q.run(() => insert.run(1)).then(() => settled.push('before'));
    let endLending!: () => void;
    const lent = q.exclusive(async () => {
      // Inside: the service's connection holds no transaction, so another connection can write.
      expect(db.$client.inTransaction).toBe(false);
      other.exec('BEGIN IMMEDIATE');
      other.prepare('INSERT INTO t (v) VALUES (2)').run();
      await new Promise<void>((resolve) => (endLending = resolve));
      other.exec('COMMIT');
      return 'lent';
    });
    while (!q.lent) await new Promise((r) => setImmediate(r));
    expect(settled).toEqual(['before']);
    const during = q.run(() => insert.run(3)).then(() => settled.push('during'));
    // Many turns of the event loop go by: the job waits, and nothing sleeps on the lock.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toEqual(['before']);
    endLending();
    expect(await lent).toBe('lent');
    await Promise.all([before, during]);
    expect(settled).toEqual(['before', 'during']);
    expect(values(db)).toEqual([1, 2, 3]);
    expect(q.lent).toBe(false);
    other.close();
    closeDatabase(db);
  });

  it('when a lent stretch fails, then its caller gets the error and the queue goes on', async () => {
    const db = fileDb('lend-fail.db');
    const q = groupCommit(db);
    const failed = q.exclusive(() => Promise.reject(new Error('the worker died')));
    const after = q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (7)').run().changes);
    await expect(failed).rejects.toThrow('the worker died');
    expect(await after).toBe(1);
    closeDatabase(db);
  });

  it('when another process holds the lock and the queue waits when busy, then the batch waits without blocking the event loop and commits once the lock is free', async () => {
    const db = fileDb('wait.db');
    const q = groupCommit(db);
    q.waitWhenBusy(5000);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(0);
    const other = new Database(path.join(dir, 'wait.db'));
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const job = q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (1)').run().changes);
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5); // the event loop kept turning while the batch waited
    other.exec('ROLLBACK');
    other.close();
    expect(await job).toBe(1);
    expect(values(db)).toEqual([1]);
    closeDatabase(db);
  });

  it('when the lock outlasts the wait, then the batch is refused as service.unavailable and nothing of it is stored', async () => {
    const db = fileDb('wait-out.db');
    const q = groupCommit(db);
    q.waitWhenBusy(100);
    const other = new Database(path.join(dir, 'wait-out.db'));
    other.exec('BEGIN IMMEDIATE');
    const err = await q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (1)').run()).catch((e: unknown) => e);
    other.exec('ROLLBACK');
    other.close();
    expect((err as DomainError).code).toBe('service.unavailable');
    expect(values(db)).toEqual([]);
    expect(await q.run(() => db.$client.prepare('INSERT INTO t (v) VALUES (2)').run().changes)).toBe(1);
    closeDatabase(db);
  });
});

describe('Idempotency-Key records', () => {
  it('when POST /keys is replayed with its Idempotency-Key, then the same key answers with key null and the secret is stored nowhere', async () => {
    const t = createTestApp();
    const send = () => t.as('admin').post('/api/v1/keys', { name: 'floor tablet', role: 'operator' }).set('Idempotency-Key', 'key-once');
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'floor tablet', role: 'operator', secretShown: true });
    const secret = first.body.key as string;
    expect(secret).toMatch(/^ctk_/);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual({ ...first.body, key: null, secretShown: false });
    // The secret works, and appears in no table.
    expect((await t.agent.get('/api/v1/units').set('Authorization', `Bearer ${secret}`)).status).toBe(200);
    const tables = t.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      const rows = JSON.stringify(t.db.$client.prepare(`SELECT * FROM "${table}"`).all());
      expect(rows.includes(secret), `table ${table} holds the secret`).toBe(false);
    }
  });

  it('when a key is older than 24 hours, then it starts a new request, and expired records are swept by later writes', async () => {
    const t = createTestApp();
    const body = unitBody({ serialNumber: 'EXP-1' });
    const first = await t.as('operator').post('/api/v1/units', body).set('Idempotency-Key', 'old-key');
    expect(first.status).toBe(201);
    const count = () => t.db.$client.prepare("SELECT count(*) FROM idempotency_keys WHERE key = 'old-key'").pluck().get();
    expect(count()).toBe(1);
    t.clock.set('2026-06-16T12:00:01.000Z'); // 24 h and a second later
    // Same key, same body: no longer a replay; the unit is received again (its serial is open, so 409).
    const again = await t.as('operator').post('/api/v1/units', body).set('Idempotency-Key', 'old-key');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('unit.duplicate_serial');
    // A later write sweeps the expired record (the refused request left none of its own).
    await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'EXP-2' }));
    expect(count()).toBe(0);
  });

  it('when the same key and body arrive at the same moment, then one unit is stored and both get its answer', async () => {
    const t = createTestApp();
    const body = unitBody({ serialNumber: 'TWIN-1' });
    const [a, b] = await Promise.all([
      t.as('operator').post('/api/v1/units', body).set('Idempotency-Key', 'twin'),
      t.as('operator').post('/api/v1/units', body).set('Idempotency-Key', 'twin'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(t.db.$client.prepare("SELECT count(*) FROM units WHERE serial_number = 'TWIN-1'").pluck().get()).toBe(1);
  });
});

describe('the key cache', () => {
  it('when a key is revoked from another connection (another process), then it fails on the next request', async () => {
    const file = path.join(dir, 'keys.db');
    const db = openDatabase(file);
    const t = createTestApp({}, { db });
    expect((await t.as('viewer').get('/api/v1/units')).status).toBe(200); // cached now
    const other = new Database(file);
    other.prepare("UPDATE api_keys SET revoked_at = '2026-06-15T12:00:00.000Z' WHERE role = 'viewer'").run();
    other.close();
    const res = await t.as('viewer').get('/api/v1/units');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.invalid_key');
  });

  it('when a key is revoked through the API, then it fails on the very next request', async () => {
    const t = createTestApp();
    const made = await t.as('admin').post('/api/v1/keys', { name: 'temp', role: 'esg' });
    const use = () => t.agent.get('/api/v1/units').set('Authorization', `Bearer ${made.body.key}`);
    expect((await use()).status).toBe(200);
    expect((await t.as('admin').delete(`/api/v1/keys/${made.body.id}`)).status).toBe(200);
    expect((await use()).status).toBe(401);
  });
});
