import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { groupCommit } from '../../src/db/group-commit.js';
import { ReadCache } from '../../src/db/read-cache.js';
import { transaction } from '../../src/db/tx.js';

/** The sites the migrations did not add (0002 adds four defaults). */
const sitesOf = (db: Db) => db.$client.prepare("SELECT code FROM sites WHERE created_at = '2026-01-01' ORDER BY code").pluck().all() as string[];
const addSite = (db: Db, code: string) =>
  db.$client.prepare("INSERT INTO sites (code, name, country, region, created_at) VALUES (?, 'x', 'DE', 'EMEA', '2026-01-01')").run(code);

/** A fact read through the cache, counting how often it was really read. */
function countedSites(db: Db, cache: ReadCache) {
  let reads = 0;
  return {
    get: () => cache.fact('sites', () => (reads++, sitesOf(db))),
    reads: () => reads,
  };
}

const opened: Db[] = [];
afterEach(() => {
  while (opened.length) closeDatabase(opened.pop()!);
});
const memory = () => {
  const db = openDatabase(':memory:');
  opened.push(db);
  return db;
};

describe('read cache: a fact is kept while the facts token it was read at stands', () => {
  it('when nothing was written, then a fact is read once and served from memory after', () => {
    const db = memory();
    const sites = countedSites(db, new ReadCache(db));
    expect(sites.get()).toEqual([]);
    expect(sites.get()).toEqual([]);
    expect(sites.reads()).toBe(1);
  });

  it('when a fact table is written, by any statement on this connection, then the next lookup reads it again', () => {
    const db = memory();
    const sites = countedSites(db, new ReadCache(db));
    sites.get();
    addSite(db, 'DE-1'); // plain SQL, not through any service: the trigger moves the token
    expect(sites.get()).toEqual(['DE-1']);
    expect(sites.reads()).toBe(2);
  });

  it('when a table that is not a fact is written, then the facts stay cached', () => {
    const db = memory();
    const sites = countedSites(db, new ReadCache(db));
    sites.get();
    db.$client.prepare("INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, 'x')").run();
    sites.get();
    expect(sites.reads()).toBe(1);
  });

  it('when a fact written inside a transaction is rolled back, then what was read inside it is never served again', () => {
    const db = memory();
    const sites = countedSites(db, new ReadCache(db));
    expect(sites.get()).toEqual([]);
    const tx = db.$client.transaction(() => {
      addSite(db, 'PHANTOM');
      expect(sites.get()).toEqual(['PHANTOM']); // read inside, at the transaction's own token
      throw new Error('roll back');
    });
    expect(() => tx()).toThrow('roll back');
    expect(sites.get()).toEqual([]);
    // The next committed write gets a new token, never the one the rolled-back write showed.
    addSite(db, 'REAL');
    expect(sites.get()).toEqual(['REAL']);
  });

  it('when another connection commits a fact write, then the next lookup here reads it again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-cache-'));
    try {
      const a = openDatabase(path.join(dir, 'db.sqlite'));
      const b = openDatabase(path.join(dir, 'db.sqlite'));
      opened.push(a, b);
      const sites = countedSites(a, new ReadCache(a));
      expect(sites.get()).toEqual([]);
      addSite(b, 'OTHER');
      expect(sites.get()).toEqual(['OTHER']);
    } finally {
      while (opened.length) closeDatabase(opened.pop()!);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** For each fact table: what it needs first, and a row of it. */
  const VENDOR = "INSERT INTO vendors (code, name, country, kinds, created_at, created_by) VALUES ('V', 'V', 'DE', '[\"recycler\"]', 'x', 'x')";
  const SHIPMENT = "INSERT INTO shipments (id, vendor_code, shipped_at, created_at, created_by) VALUES ('shp_1', 'V', '2026-01-01', 'x', 'x')";
  const FACT_WRITES: Record<string, { before: string[]; write: string }> = {
    sites: { before: [], write: "INSERT INTO sites (code, name, country, region, created_at) VALUES ('S', 'S', 'DE', 'EMEA', 'x')" },
    period_locks: { before: [], write: "INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2024, 1, 'x', 'x')" },
    vendors: { before: [], write: VENDOR },
    vendor_certifications: {
      before: [VENDOR],
      write: "INSERT INTO vendor_certifications (id, vendor_code, scheme, certificate_no, valid_from, valid_to, created_at, created_by) VALUES ('c', 'V', 'R2', '1', '2024-01-01', '2027-01-01', 'x', 'x')",
    },
    shipments: { before: [VENDOR], write: SHIPMENT },
    // The event it names need not exist for this check: foreign keys are off for it.
    shipment_events: { before: [VENDOR, SHIPMENT], write: "INSERT INTO shipment_events (event_id, shipment_id, position) VALUES ('evt_1', 'shp_1', 0)" },
    shipment_receipts: {
      before: [VENDOR, SHIPMENT],
      write: "INSERT INTO shipment_receipts (shipment_id, received_at, received_g, certificate_ref, recorded_at, recorded_by) VALUES ('shp_1', '2026-01-02', 1, 'r', 'x', 'x')",
    },
    api_keys: { before: [], write: "INSERT INTO api_keys (id, name, role, secret_hash, prefix, created_at) VALUES ('key_1', 'k', 'viewer', 'h', '', 'x')" },
  };

  it.each(Object.keys(FACT_WRITES))('when a row is added to %s, then the facts token moves (it is a fact the rules read)', (table) => {
    const db = memory();
    db.$client.pragma('foreign_keys = OFF');
    const cache = new ReadCache(db);
    for (const sql of FACT_WRITES[table]!.before) db.$client.exec(sql);
    const before = cache.token();
    db.$client.exec(FACT_WRITES[table]!.write);
    expect(cache.token()).not.toBe(before);
  });
});

describe('read cache: a read looks at the token once', () => {
  it('when lookups run inside reading(), then they share the token it began with, and the facts as of then', () => {
    const db = memory();
    const cache = new ReadCache(db);
    const sites = countedSites(db, cache);
    const seen = cache.reading(() => {
      const first = sites.get();
      return { first, again: sites.get(), token: cache.token() };
    });
    expect(seen.first).toEqual([]);
    expect(seen.again).toBe(seen.first);
    expect(sites.reads()).toBe(1);
    addSite(db, 'AFTER');
    expect(cache.reading(() => sites.get())).toEqual(['AFTER']); // the next read begins at the new token
  });

  it('when a transaction runs inside reading(), then its lookups read the token again (a write in it is seen)', () => {
    const db = memory();
    const cache = new ReadCache(db);
    const sites = countedSites(db, cache);
    cache.reading(() => {
      sites.get();
      db.$client.transaction(() => {
        addSite(db, 'IN-TX');
        expect(sites.get()).toEqual(['IN-TX']);
      })();
    });
  });
});

describe('read cache tables: a value per key, kept while the facts and its key version stand', () => {
  it('when the version differs, then the value is worked out again; when it is the same, then it is not', () => {
    const db = memory();
    const table = new ReadCache(db).table<string>('t', 10);
    let runs = 0;
    const at = (version: string) => table.get('unit_1', version, () => `${version}#${++runs}`);
    expect(at('v1')).toBe('v1#1');
    expect(at('v1')).toBe('v1#1');
    expect(at('v2')).toBe('v2#2');
    addSite(db, 'NEW'); // a fact changed: every entry is worked out again
    expect(at('v2')).toBe('v2#3');
  });

  it('when the table is full, then the least recently used key goes first', () => {
    const db = memory();
    const table = new ReadCache(db).table<number>('t', 2);
    let runs = 0;
    const get = (key: string) => table.get(key, 'v', () => ++runs);
    get('a');
    get('b');
    get('a'); // a is now the most recently used
    get('c'); // b goes
    expect(table.size).toBe(2);
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4);
  });
});

// A rollback puts the old facts token back, and the next write to a unit may give it the
// version an undone write gave it: so a rollback on the connection drops what was kept.
describe('read cache: a value read from rows a rollback undid is never served', () => {
  /** A table t standing for a unit's append-only ledger, and its values kept per version (its row count). */
  function ledger(db: Db) {
    db.$client.exec('CREATE TABLE t (v INTEGER NOT NULL); INSERT INTO t VALUES (1)');
    const insert = db.$client.prepare('INSERT INTO t VALUES (?)');
    const count = db.$client.prepare('SELECT count(*) FROM t').pluck();
    const values = db.$client.prepare('SELECT v FROM t ORDER BY rowid').pluck();
    const table = new ReadCache(db).table<number[]>('t', 10);
    return {
      insert: (v: number) => insert.run(v),
      read: () => table.get('t', String(count.get()), () => values.all() as number[]),
    };
  }

  it('when a transaction that read its own write rolls back, then the value it read is dropped though the next write gives the same version', () => {
    const db = memory();
    const t = ledger(db);
    expect(t.read()).toEqual([1]);
    expect(() =>
      transaction(db, () => {
        t.insert(4);
        expect(t.read()).toEqual([1, 4]); // read inside, uncommitted, at version 2
        throw new Error('refused');
      }),
    ).toThrow('refused');
    t.insert(5); // version 2 again, other rows
    expect(t.read()).toEqual([1, 5]);
  });

  it('when a nested transaction (a savepoint) that read its own write rolls back, then the value is dropped and the outer one commits', () => {
    const db = memory();
    const t = ledger(db);
    transaction(db, () => {
      expect(() =>
        transaction(db, () => {
          t.insert(6);
          t.read();
          throw new Error('refused');
        }),
      ).toThrow('refused');
      t.insert(7);
    });
    expect(t.read()).toEqual([1, 7]);
  });

  it("when a group-commit job that read its own write is refused, then the value is dropped and the batch's other jobs commit", async () => {
    const db = memory();
    const t = ledger(db);
    const q = groupCommit(db);
    const [ok, refused] = await Promise.allSettled([
      q.run(() => t.insert(5)),
      q.run(() => {
        t.insert(6);
        t.read(); // [1, 5, 6] at version 3, undone below
        throw new Error('refused');
      }),
      q.run(() => t.insert(8)), // version 3 again once the batch commits
    ]);
    expect([ok.status, refused.status]).toEqual(['fulfilled', 'rejected']);
    expect(t.read()).toEqual([1, 5, 8]);
  });

  it('when a fact is read inside a group-commit job whose batch fails to commit, then it is read again after', async () => {
    const db = memory();
    const cache = new ReadCache(db);
    const sites = countedSites(db, cache);
    const q = groupCommit(db);
    q.onBatch('fail', () => {
      throw new Error('commit refused');
    });
    const job = q.run(() => {
      addSite(db, 'UNDONE');
      return sites.get();
    });
    await expect(job).rejects.toThrow('commit refused');
    q.onBatch('fail', () => {});
    expect(sites.get()).toEqual([]);
  });
});
