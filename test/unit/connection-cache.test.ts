import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { connectionCache } from '../../src/db/connection-cache.js';
import { groupCommit } from '../../src/db/group-commit.js';
import { transaction } from '../../src/db/tx.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database file with a table t, and a cache of t's values that counts its loads. */
function setUp(name: string) {
  const file = path.join(dir, name);
  const db = openDatabase(file);
  db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL); INSERT INTO t VALUES (1)');
  let loads = 0;
  const cache = connectionCache((d: Db) => {
    loads++;
    return d.$client.prepare('SELECT v FROM t ORDER BY v').pluck().all() as number[];
  });
  return { file, db, cache, loads: () => loads };
}

describe('connection caches', () => {
  it('when nothing changes the database, then the value is read once and kept', () => {
    const { db, cache, loads } = setUp('keep.db');
    expect(cache.get(db)).toEqual([1]);
    expect(cache.get(db)).toEqual([1]);
    expect(loads()).toBe(1);
    closeDatabase(db);
  });

  it('when another connection commits, then the next read loads the value again', () => {
    const { file, db, cache, loads } = setUp('other.db');
    expect(cache.get(db)).toEqual([1]);
    const other = new Database(file);
    other.prepare('INSERT INTO t VALUES (2)').run();
    other.close();
    expect(cache.get(db)).toEqual([1, 2]);
    expect(loads()).toBe(2);
    closeDatabase(db);
  });

  it('when this connection writes and forgets the value, then the next read loads it again', () => {
    const { db, cache } = setUp('own.db');
    expect(cache.get(db)).toEqual([1]);
    transaction(db, () => {
      db.$client.prepare('INSERT INTO t VALUES (3)').run();
      cache.forget(db);
    });
    expect(cache.get(db)).toEqual([1, 3]);
    closeDatabase(db);
  });

  it('when a transaction that read its own write rolls back, then the kept value is dropped with it', () => {
    const { db, cache } = setUp('rollback.db');
    expect(() =>
      transaction(db, () => {
        db.$client.prepare('INSERT INTO t VALUES (4)').run();
        cache.forget(db);
        expect(cache.get(db)).toEqual([1, 4]); // read inside, uncommitted
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(cache.get(db)).toEqual([1]);
    closeDatabase(db);
  });

  it('when a group-commit job that read its own write is refused, then the kept value is dropped and the batch\'s other jobs commit', async () => {
    const { db, cache } = setUp('job.db');
    const q = groupCommit(db);
    const insert = db.$client.prepare('INSERT INTO t VALUES (?)');
    const [ok, refused] = await Promise.allSettled([
      q.run(() => insert.run(5)),
      q.run(() => {
        insert.run(6);
        cache.forget(db);
        cache.get(db);
        throw new Error('refused');
      }),
    ]);
    expect([ok.status, refused.status]).toEqual(['fulfilled', 'rejected']);
    expect(cache.get(db)).toEqual([1, 5]);
    closeDatabase(db);
  });
});
