/**
 * The ledger's rows in one stream: units and events merged, a page at a time from each
 * table in insertion order. Within each table insertion order is chain order (the writer
 * numbers entries as it inserts them), so merging the two by seq walks the chain; the
 * start-up backfill merges rows older than the chain by the time they were recorded.
 */
import type { EventRow, UnitRow } from './units.mapper.js';
import type { UnitsStore } from './units.store.js';

export type LedgerRow = { kind: 'unit'; row: UnitRow } | { kind: 'event'; row: EventRow };

const PAGE = 2000;

function* pages<R extends { seq: number }>(next: (afterSeq: number, limit: number) => R[]): Generator<R> {
  let after = 0;
  for (;;) {
    const page = next(after, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

/** Merges the two tables' streams; `unitFirst(u, e)` says whether the unit row comes before the event row. */
function* merge(units: Generator<UnitRow>, events: Generator<EventRow>, unitFirst: (u: UnitRow, e: EventRow) => boolean): Generator<LedgerRow> {
  let u = units.next();
  let e = events.next();
  while (!u.done || !e.done) {
    if (!u.done && (e.done || unitFirst(u.value, e.value))) {
      yield { kind: 'unit', row: u.value };
      u = units.next();
    } else if (!e.done) {
      yield { kind: 'event', row: e.value };
      e = events.next();
    }
  }
}

/** Every chained row in chain order (a row without a chain seq sorts last, where the check names it). */
export function walkChain(store: UnitsStore): Generator<LedgerRow> {
  const order = (s: number | null) => s ?? Number.MAX_SAFE_INTEGER;
  return merge(pages(store.unitChainPage), pages(store.eventChainPage), (u, e) => order(u.ledgerSeq) <= order(e.ledgerSeq));
}

/** Rows not yet chained, oldest first: by recorded time, a unit before an event of the same instant. */
export function walkUnchained(store: UnitsStore): Generator<LedgerRow> {
  return merge(pages(store.unitsWithoutChain), pages(store.eventsWithoutChain), (u, e) => u.createdAt <= e.recordedAt);
}
