import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import type { RollupField } from '../units/lifecycle.js';

export const ROLLUP_COLUMNS: Record<RollupField, string> = {
  unitsReceived: 'units_received',
  intakeG: 'intake_g',
  unitsClosed: 'units_closed',
  refurbishedUnits: 'refurbished_units',
  donatedUnits: 'donated_units',
  partsHarvested: 'parts_harvested',
  refurbishedG: 'refurbished_g',
  donatedG: 'donated_g',
  harvestedG: 'harvested_g',
  recycledG: 'recycled_g',
  landfilledG: 'landfilled_g',
};
const FIELDS = Object.keys(ROLLUP_COLUMNS) as RollupField[];
const COLS = FIELDS.map((f) => ROLLUP_COLUMNS[f]);

export type RollupDims = { region: string; category: string; modality: string | null; siteCode: string };

const statements = new WeakMap<Db, Statement>();

function upsertStatement(db: Db): Statement {
  let st = statements.get(db);
  if (!st) {
    st = db.$client.prepare(
      `INSERT INTO kpi_daily (day, region, category, modality, site_code, ${COLS.join(', ')})
       VALUES (?, ?, ?, ?, ?, ${COLS.map(() => '?').join(', ')})
       ON CONFLICT (day, region, category, modality, site_code) DO UPDATE SET
       ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    );
    statements.set(db, st);
  }
  return st;
}

/** Adds a unit's net report effects to the daily roll-up; call inside the write's transaction. */
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
