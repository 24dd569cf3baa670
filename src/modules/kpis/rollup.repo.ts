import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import type { RollupField } from '../../domain/lifecycle.js';
import { gramsColumn, gramsField, OUTFLOWS, type OutflowGrams } from '../../domain/outflows.js';

/** Each roll-up field's column: the counters, intake and donations, and one grams column per outflow. */
export const ROLLUP_COLUMNS: Record<RollupField, string> = {
  unitsReceived: 'units_received',
  intakeG: 'intake_g',
  measuredIntakeG: 'measured_intake_g',
  unitsClosed: 'units_closed',
  refurbishedUnits: 'refurbished_units',
  donatedUnits: 'donated_units',
  partsHarvested: 'parts_harvested',
  donatedG: 'donated_g',
  ...(Object.fromEntries(OUTFLOWS.map((o) => [gramsField(o), gramsColumn(o)])) as Record<OutflowGrams, string>),
};
/** The dimension columns, the key of a roll-up row. */
export const ROLLUP_DIM_COLUMNS = ['day', 'region', 'category', 'modality', 'site_code'] as const;
const FIELDS = Object.keys(ROLLUP_COLUMNS) as RollupField[];
const COLS = FIELDS.map((f) => ROLLUP_COLUMNS[f]);

export type RollupDims = { region: string; category: string; modality: string | null; siteCode: string };

const statements = new WeakMap<Db['$client'], Statement>();

function upsertStatement(db: Db): Statement {
  let st = statements.get(db.$client);
  if (!st) {
    st = db.$client.prepare(
      `INSERT INTO kpi_daily (${ROLLUP_DIM_COLUMNS.join(', ')}, ${COLS.join(', ')})
       VALUES (${[...ROLLUP_DIM_COLUMNS, ...COLS].map(() => '?').join(', ')})
       ON CONFLICT (${ROLLUP_DIM_COLUMNS.join(', ')}) DO UPDATE SET
       ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    );
    statements.set(db.$client, st);
  }
  return st;
}

/**
 * The one writer of kpi_daily. Adds a unit's net report effects to the daily roll-up;
 * call inside the write's transaction.
 */
export function applyRollupDiff(
  db: Db,
  dims: RollupDims,
  diff: Map<string, Partial<Record<RollupField, number>>>,
): void {
  const st = upsertStatement(db);
  for (const [day, row] of diff) {
    st.run(day, dims.region, dims.category, dims.modality ?? '', dims.siteCode, ...FIELDS.map((f) => row[f] ?? 0));
  }
}

export type RollupDiff = Map<string, Partial<Record<RollupField, number>>>;

/**
 * Sums the diffs of a transaction's writes per (dimensions, day) and writes each sum
 * once. The roll-up is additive, so this leaves kpi_daily exactly as write-by-write
 * upserts would (a day any write touched keeps its row, even if its net change is zero).
 */
export class RollupAccumulator {
  private readonly groups = new Map<string, { dims: RollupDims; days: RollupDiff }>();

  /** The group of the last dims object added: an events file adds a unit's rows one after another. */
  private last: { dims: RollupDims; group: { dims: RollupDims; days: RollupDiff } } | null = null;

  add(dims: RollupDims, diff: RollupDiff): void {
    let g = this.last?.dims === dims ? this.last.group : undefined;
    if (!g) {
      const key = `${dims.region}\u0000${dims.category}\u0000${dims.modality ?? ''}\u0000${dims.siteCode}`;
      g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { dims, days: new Map() }));
      this.last = { dims, group: g };
    }
    for (const [day, fields] of diff) {
      let sum = g.days.get(day);
      if (!sum) g.days.set(day, (sum = {}));
      for (const f of Object.keys(fields) as RollupField[]) sum[f] = (sum[f] ?? 0) + fields[f]!;
    }
  }

  flush(db: Db): void {
    for (const { dims, days } of this.groups.values()) applyRollupDiff(db, dims, days);
    this.groups.clear();
    this.last = null;
  }
}
