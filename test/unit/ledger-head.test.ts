import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { EMPTY_HEAD } from '../../src/domain/ledger-chain.js';
import { advanceLedgerHead, readLedgerHead, saveLedgerHead } from '../../src/modules/ledger/ledger-head.repo.js';

const h = (seq: number) => ({ seq, hash: String(seq).padStart(64, 'a') });

describe('advancing the ledger head: one statement, only from where the writer started', () => {
  it('when the ledger is empty, then its first head is stored', () => {
    const db = openDatabase(':memory:');
    expect(readLedgerHead(db)).toEqual(EMPTY_HEAD);
    expect(advanceLedgerHead(db, EMPTY_HEAD, h(3))).toBe(true);
    expect(readLedgerHead(db)).toEqual(h(3));
    closeDatabase(db);
  });

  it('when the head still stands where the writer started, then it moves', () => {
    const db = openDatabase(':memory:');
    saveLedgerHead(db, h(5));
    expect(advanceLedgerHead(db, h(5), h(9))).toBe(true);
    expect(readLedgerHead(db)).toEqual(h(9));
    closeDatabase(db);
  });

  it('when another writer moved the head meanwhile, then it is refused and left as that writer stored it', () => {
    const db = openDatabase(':memory:');
    saveLedgerHead(db, h(7));
    expect(advanceLedgerHead(db, h(5), h(9))).toBe(false);
    expect(advanceLedgerHead(db, EMPTY_HEAD, h(1))).toBe(false); // a writer that started on an empty ledger
    expect(readLedgerHead(db)).toEqual(h(7));
    closeDatabase(db);
  });
});
