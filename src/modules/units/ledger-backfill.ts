/**
 * Chains the rows written before the ledger had a hash chain (migration 0004 added the
 * columns): once, at start-up, in one transaction, every unit and event whose hash is
 * still null is appended to the chain in the order it was recorded. The triggers let a
 * row's chain columns be set only while they are null, so this can never rewrite a
 * hash; on a database already chained it reads one empty page per table and stops.
 */
import { transaction } from '../../db/tx.js';
import { eventEntry, link, unitEntry } from '../../domain/ledger-chain.js';
import type { Deps } from '../../http/context.js';
import { readLedgerHead, saveLedgerHead } from '../ledger/ledger-head.repo.js';
import { walkUnchained } from './ledger-walk.js';
import { unitsStore } from './units.store.js';

export function backfillLedgerChain(deps: Deps): { chained: number } {
  const store = unitsStore(deps.db);
  return transaction(deps.db, () => {
    let head = readLedgerHead(deps.db);
    let chained = 0;
    // The walk reads whole pages (by row seq) ahead of these updates, so setting a row's
    // hash never moves a page still to be read.
    for (const r of walkUnchained(store)) {
      if (r.kind === 'unit') {
        const l = link(head, (seq) => unitEntry(seq, r.row)).link;
        store.setUnitChain(r.row.seq, l);
        head = l;
      } else {
        const l = link(head, (seq) => eventEntry(seq, r.row)).link;
        store.setEventChain(r.row.seq, l);
        head = l;
      }
      chained++;
    }
    if (chained > 0) saveLedgerHead(deps.db, { seq: head.seq, hash: head.hash });
    return { chained };
  });
}
