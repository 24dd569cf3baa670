import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import type { RollupField } from '../../domain/lifecycle.js';
import { gramsColumn, gramsField, OUTFLOWS, parseFlowKey, type OutflowGrams } from '../../domain/outflows.js';

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

/** A unit's dimensions: kpi_daily's (region, category, modality, site), and the WEEE category and mass source outflow_daily adds. */
export type RollupDims = { region: string; category: string; modality: string | null; siteCode: string; weeeCategory: number; massSource: string };

/** outflow_daily's key columns before the grams, in insert order. */
export const FLOW_DIM_COLUMNS = ['day', 'region', 'category', 'site_code', 'weee_category', 'mass_source', 'type', 'treatment_code', 'hazardous', 'radioactive'] as const;

type Upserts = { kpi: Statement; flow: Statement };
const statements = new WeakMap<Db['$client'], Upserts>();

function upserts(db: Db): Upserts {
  let st = statements.get(db.$client);
  if (!st) {
    st = {
      kpi: db.$client.prepare(
        `INSERT INTO kpi_daily (${ROLLUP_DIM_COLUMNS.join(', ')}, ${COLS.join(', ')})
         VALUES (${[...ROLLUP_DIM_COLUMNS, ...COLS].map(() => '?').join(', ')})
         ON CONFLICT (${ROLLUP_DIM_COLUMNS.join(', ')}) DO UPDATE SET
         ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ),
      flow: db.$client.prepare(
        `INSERT INTO outflow_daily (${FLOW_DIM_COLUMNS.join(', ')}, mass_g) VALUES (${[...FLOW_DIM_COLUMNS, 'mass_g'].map(() => '?').join(', ')})
         ON CONFLICT (${FLOW_DIM_COLUMNS.join(', ')}) DO UPDATE SET mass_g = mass_g + excluded.mass_g`,
      ),
    };
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
  const st = upserts(db).kpi;
  for (const [day, row] of diff) {
    st.run(day, dims.region, dims.category, dims.modality ?? '', dims.siteCode, ...FIELDS.map((f) => row[f] ?? 0));
  }
}

/** The one writer of outflow_daily: adds a unit's net outflows (day → flow → grams); call inside the write's transaction. */
export function applyFlowDiff(db: Db, dims: RollupDims, flows: FlowDiff): void {
  const st = upserts(db).flow;
  for (const [day, byFlow] of flows) {
    for (const [key, g] of byFlow) {
      if (g === 0) continue; // a flow a transaction added and took back (a void in the same file)
      const f = parseFlowKey(key);
      st.run(day, dims.region, dims.category, dims.siteCode, dims.weeeCategory, dims.massSource, f.type, f.treatmentCode, f.hazardous ? 1 : 0, f.radioactive ? 1 : 0, g);
    }
  }
}

export type RollupDiff = Map<string, Partial<Record<RollupField, number>>>;
/** day → flow (domain/outflows.ts flowKey) → grams. */
export type FlowDiff = Map<string, Map<string, number>>;

type Group = { dims: RollupDims; days: RollupDiff; flows: FlowDiff };

/**
 * Sums the diffs of a transaction's writes per (dimensions, day) and writes each sum
 * once, to kpi_daily and outflow_daily. Both roll-ups are additive, so this leaves them
 * exactly as write-by-write upserts would (a day any write touched keeps its row, even
 * if its net change is zero).
 */
export class RollupAccumulator {
  private readonly groups = new Map<string, Group>();

  /** The group of the last dims object added: an events file adds a unit's rows one after another. */
  private last: { dims: RollupDims; group: Group } | null = null;

  add(dims: RollupDims, diff: RollupDiff, flows?: FlowDiff): void {
    let g = this.last?.dims === dims ? this.last.group : undefined;
    if (!g) {
      const key = `${dims.region}\u0000${dims.category}\u0000${dims.modality ?? ''}\u0000${dims.siteCode}\u0000${dims.weeeCategory}\u0000${dims.massSource}`;
      g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { dims, days: new Map(), flows: new Map() }));
      this.last = { dims, group: g };
    }
    for (const [day, fields] of diff) {
      let sum = g.days.get(day);
      if (!sum) g.days.set(day, (sum = {}));
      for (const f of Object.keys(fields) as RollupField[]) sum[f] = (sum[f] ?? 0) + fields[f]!;
    }
    if (flows === undefined) return;
    for (const [day, byFlow] of flows) {
      let sum = g.flows.get(day);
      if (!sum) g.flows.set(day, (sum = new Map()));
      for (const [k, v] of byFlow) sum.set(k, (sum.get(k) ?? 0) + v);
    }
  }

  flush(db: Db): void {
    for (const { dims, days, flows } of this.groups.values()) {
      applyRollupDiff(db, dims, days);
      applyFlowDiff(db, dims, flows);
    }
    this.groups.clear();
    this.last = null;
  }
}
