/**
 * The head of the ledger chain (table ledger_head, one row): the seq and hash the next
 * entry links to. Written only by the ledger writer (modules/units/ledger-writer.ts)
 * and the start-up backfill, in the transaction of the entries it follows, so a
 * rolled-back write (or savepoint) takes its head change with it. Read by the writer
 * when it starts, and by a period lock, which records it as the version's ledgerHead.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { EMPTY_HEAD, type LedgerHead } from '../../domain/ledger-chain.js';

type HeadStatements = { read: Statement; save: Statement; advance: Statement };
const statements = new WeakMap<Db['$client'], HeadStatements>();

function prepared(db: Db): HeadStatements {
  let st = statements.get(db.$client);
  if (!st) {
    st = {
      read: db.$client.prepare('SELECT seq, hash FROM ledger_head WHERE id = 1'),
      save: db.$client.prepare(
        'INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ),
      advance: db.$client.prepare('UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?'),
    };
    statements.set(db.$client, st);
  }
  return st;
}

/** The chain's head as stored (the genesis head of an empty ledger). */
export function readLedgerHead(db: Db): LedgerHead {
  return (prepared(db).read.get() as LedgerHead | undefined) ?? EMPTY_HEAD;
}

export function saveLedgerHead(db: Db, head: LedgerHead): void {
  prepared(db).save.run(head.seq, head.hash);
}

/**
 * Moves the head from `from` to `to` in one statement, only if it still stands at `from`
 * (false when another writer moved it meanwhile). An empty ledger has no row yet: its
 * first head is inserted.
 */
export function advanceLedgerHead(db: Db, from: LedgerHead, to: LedgerHead): boolean {
  const st = prepared(db);
  if (st.advance.run(to.seq, to.hash, from.seq, from.hash).changes === 1) return true;
  if (from.seq !== EMPTY_HEAD.seq || from.hash !== EMPTY_HEAD.hash || st.read.get() !== undefined) return false;
  st.save.run(to.seq, to.hash);
  return true;
}
