/**
 * GET /audit/verify: walks the whole ledger chain and recomputes every entry's hash
 * from its row as stored (through the reference RFC 8785 implementation), checks that
 * the seqs run 1, 2, 3… with each entry linking to the one before, that the stored head
 * is the chain's last entry, and that every published period version's ledgerHead is
 * still on the chain. The first fault is named; nothing is repaired.
 *
 * It yields to the event loop between pages, so a large ledger does not hold up other
 * requests; entries appended meanwhile lie beyond the head read at the start and are
 * left for the next run.
 */
import { GENESIS_HASH, eventEntry, referenceHash, unitEntry } from '../../domain/ledger-chain.js';
import type { Deps } from '../../http/context.js';
import { readLedgerHead } from '../ledger/ledger-head.repo.js';
import { allVersions } from '../periods/periods.repo.js';
import { walkChain, type LedgerRow } from '../units/ledger-walk.js';
import { unitsStore } from '../units/units.store.js';

export type VerifyResult =
  | { ok: true; entries: number; headSeq: number; headHash: string; publishedHeadsChecked: number; checkedAt: string }
  | { ok: false; firstBadSeq: number; reason: string; entry: { kind: 'unit' | 'event'; id: string } | null; checkedAt: string };

const YIELD_EVERY = 5000;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const describe = (r: LedgerRow) => `${r.kind} ${r.row.id}`;

function recompute(r: LedgerRow, seq: number, prevHash: string): string {
  return r.kind === 'unit' ? referenceHash(prevHash, unitEntry(seq, r.row)) : referenceHash(prevHash, eventEntry(seq, r.row));
}

export async function verifyLedger(deps: Deps): Promise<VerifyResult> {
  const checkedAt = deps.clock.now().toISOString();
  const head = readLedgerHead(deps.db);
  const published = allVersions(deps.db).filter((v) => v.ledgerSeq !== null && v.ledgerSeq > 0);
  const publishedAt = new Map<number, typeof published>();
  for (const v of published) publishedAt.set(v.ledgerSeq!, [...(publishedAt.get(v.ledgerSeq!) ?? []), v]);
  const bad = (firstBadSeq: number, reason: string, r?: LedgerRow): VerifyResult => ({
    ok: false,
    firstBadSeq,
    reason,
    entry: r ? { kind: r.kind, id: r.row.id } : null,
    checkedAt,
  });

  let prevHash = GENESIS_HASH;
  let last = 0;
  for (const r of walkChain(unitsStore(deps.db))) {
    const { ledgerSeq: seq, prevHash: storedPrev, hash } = r.row;
    if (seq === null || storedPrev === null || hash === null) {
      return bad(last + 1, `${describe(r)} is not on the chain (no seq or hash): it was written around the ledger writer.`, r);
    }
    if (seq > head.seq) break;
    if (seq !== last + 1) {
      return seq <= last
        ? bad(seq, `Entry #${seq} appears twice (the second is ${describe(r)}).`, r)
        : bad(last + 1, `Entry #${last + 1} is missing: the chain goes from #${last} to #${seq} (${describe(r)}).`, r);
    }
    if (storedPrev !== prevHash) {
      return bad(seq, `Entry #${seq} (${describe(r)}) does not link to entry #${last}: its prevHash is not that entry's hash.`, r);
    }
    if (recompute(r, seq, prevHash) !== hash) {
      return bad(seq, `Entry #${seq} (${describe(r)}) does not match its hash: what is recorded was changed after it was hashed.`, r);
    }
    for (const v of publishedAt.get(seq) ?? []) {
      if (v.ledgerHead !== hash) {
        return bad(seq, `${v.year} version ${v.version} was published with head #${seq} = ${v.ledgerHead}, but entry #${seq} now hashes to ${hash}.`, r);
      }
    }
    prevHash = hash;
    last = seq;
    if (last % YIELD_EVERY === 0) await tick();
  }
  if (last !== head.seq || prevHash !== head.hash) {
    return bad(last + 1, `The recorded head is #${head.seq} (${head.hash}) but the chain ends at #${last} (${prevHash}): entries at its end are missing.`);
  }
  for (const v of published) {
    if (v.ledgerSeq! > last) return bad(last + 1, `${v.year} version ${v.version} was published with head #${v.ledgerSeq}, beyond the chain's end (#${last}).`);
  }
  return { ok: true, entries: last, headSeq: head.seq, headHash: head.hash, publishedHeadsChecked: published.length, checkedAt };
}
