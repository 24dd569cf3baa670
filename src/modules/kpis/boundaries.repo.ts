/**
 * The one reader and writer of period_boundaries: each year's reporting boundary, the
 * latest row being the one in force, the older rows its history. Kept with the reports
 * that apply it; setting one (with the lock check and audit) is periods.service's job.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { boundaryTest, type BoundaryRule, type BoundaryTest } from '../../domain/boundary.js';

export type BoundaryRow = { id: number; year: number; rules: BoundaryRule[]; note: string | null; setAt: string; setBy: string };
type Raw = Omit<BoundaryRow, 'rules'> & { rules: string };

const SELECT = 'SELECT id, year, rules, note, set_at AS setAt, set_by AS setBy FROM period_boundaries';
type St = { latest: Statement; history: Statement; inRange: Statement; insert: Statement };
const cache = new WeakMap<Db['$client'], St>();

function st(db: Db): St {
  let s = cache.get(db.$client);
  if (!s) {
    const c = db.$client;
    s = {
      latest: c.prepare(`${SELECT} WHERE year = ? ORDER BY id DESC LIMIT 1`),
      history: c.prepare(`${SELECT} WHERE year = ? ORDER BY id`),
      // The latest row of each year in the range.
      inRange: c.prepare(
        `${SELECT} WHERE id IN (SELECT max(id) FROM period_boundaries WHERE year BETWEEN ? AND ? GROUP BY year) ORDER BY year`,
      ),
      insert: c.prepare('INSERT INTO period_boundaries (year, rules, note, set_at, set_by) VALUES (?, ?, ?, ?, ?)'),
    };
    cache.set(db.$client, s);
  }
  return s;
}

const parse = (r: Raw): BoundaryRow => ({ ...r, rules: JSON.parse(r.rules) as BoundaryRule[] });

export function currentBoundary(db: Db, year: number): BoundaryRow | null {
  const r = st(db).latest.get(year) as Raw | undefined;
  return r ? parse(r) : null;
}

/** Every boundary the year has had, oldest first (the last is in force). */
export function boundaryHistory(db: Db, year: number): BoundaryRow[] {
  return (st(db).history.all(year) as Raw[]).map(parse);
}

export function boundariesInRange(db: Db, fromYear: number, toYear: number): Map<number, BoundaryRow> {
  return new Map((st(db).inRange.all(fromYear, toYear) as Raw[]).map((r) => [r.year, parse(r)]));
}

export function insertBoundary(db: Db, row: Omit<BoundaryRow, 'id'>): void {
  st(db).insert.run(row.year, JSON.stringify(row.rules), row.note, row.setAt, row.setBy);
}

/** How a report applies boundaries: each year's own (`reporting`), or none. */
export type BoundaryMode = 'reporting' | 'none';

/** The test for each year of a range: the year's boundary in force, or everything when it has none. */
export function boundaryTests(db: Db, fromYear: number, toYear: number, mode: BoundaryMode) {
  const rows = mode === 'none' ? new Map<number, BoundaryRow>() : boundariesInRange(db, fromYear, toYear);
  const tests = new Map<number, BoundaryTest>();
  return {
    rows,
    of: (year: number): BoundaryTest => {
      let t = tests.get(year);
      if (!t) tests.set(year, (t = boundaryTest(rows.get(year)?.rules ?? null)));
      return t;
    },
  };
}
