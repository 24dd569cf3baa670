/**
 * The same figures as GET /kpis?groupBy=region, in default scope, computed by one
 * hand-written query straight over units and events: the baseline the roll-up is
 * measured against, and an independent check that kpi_daily holds what the ledger says.
 */
import type { Db } from '../src/db/client.js';
import { gramsField, kgField, OUTFLOWS, outflowsOf } from '../src/domain/outflows.js';
import { TOTAL_FIELDS } from '../src/modules/kpis/kpi.js';

// One grams sum per outflow of the list (src/domain/outflows.ts), by event type.
const OUTFLOW_SUMS = OUTFLOWS.map((o) => `SUM(CASE WHEN type = '${o.type}' THEN g ELSE 0 END) AS ${gramsField(o)}`).join(',\n         ');
const OUTFLOW_COLS = OUTFLOWS.map((o) => `COALESCE(f.${gramsField(o)}, 0) AS ${gramsField(o)}`).join(', ');

// A released unit has moved nothing before (the state machine only reaches
// refurbishment from `assessed`, before any mass leaves), so its refurbished mass is
// its intake. Effective events are those no `voided` event names.
const SQL = `
WITH voided AS (SELECT voids_event_id AS id FROM events WHERE type = 'voided'),
moves AS (
  SELECT e.unit_id, u.region, e.type, e.occurred_at AS day,
         CASE e.type WHEN 'released' THEN u.intake_g ELSE e.mass_g END AS g
  FROM events e JOIN units u ON u.id = e.unit_id
  WHERE e.type IN (${OUTFLOWS.map((o) => `'${o.type}'`).join(', ')})
    AND e.occurred_at <= @to AND u.region <> 'CHINA' AND e.id NOT IN voided),
flows AS (
  SELECT region,
         SUM(type = 'released') AS refurbishedUnits,
         SUM(type = 'part_harvested') AS partsHarvested,
         ${OUTFLOW_SUMS}
  FROM moves WHERE day >= @from GROUP BY region),
per_unit AS (SELECT unit_id, SUM(g) AS moved, MAX(day) AS lastDay FROM moves GROUP BY unit_id),
stock AS (
  SELECT u.region,
         SUM(u.received_at >= @from) AS unitsReceived,
         SUM(p.moved = u.intake_g AND p.lastDay >= @from) AS unitsClosed,
         SUM(u.intake_g - COALESCE(p.moved, 0)) AS pendingG
  FROM units u LEFT JOIN per_unit p ON p.unit_id = u.id
  WHERE u.received_at <= @to AND u.region <> 'CHINA'
  GROUP BY u.region)
SELECT s.region, s.unitsReceived, s.unitsClosed,
       COALESCE(f.refurbishedUnits, 0) AS refurbishedUnits, COALESCE(f.partsHarvested, 0) AS partsHarvested,
       ${OUTFLOW_COLS}, s.pendingG
FROM stock s LEFT JOIN flows f ON f.region = s.region
ORDER BY s.region`;

type Row = {
  region: string;
  unitsReceived: number;
  unitsClosed: number;
  refurbishedUnits: number;
  partsHarvested: number;
  pendingG: number;
} & Record<string, number>;

const REUSED = outflowsOf('reused').map(gramsField);
const RECOVERED = outflowsOf('recovered').map(gramsField);

/** The answer in the shape of /kpis groups (no magnet upgrades in the bench ledger). */
export function baselineByRegion(db: Db, from: string, to: string) {
  const rows = db.$client.prepare(SQL).all({ from, to }) as Row[];
  return rows.map((r) => {
    const sum = (fields: readonly string[]) => fields.reduce((g, f) => g + r[f]!, 0);
    const reused = sum(REUSED);
    const total = sum(OUTFLOWS.map(gramsField));
    const rate = (part: number) => (total === 0 ? null : Math.round((part * 10_000) / total) / 10_000);
    const figures: Record<string, number | null> = {
      unitsReceived: r.unitsReceived,
      unitsClosed: r.unitsClosed,
      refurbishedUnits: r.refurbishedUnits,
      partsHarvested: r.partsHarvested,
      ...Object.fromEntries(OUTFLOWS.map((o) => [kgField(o), r[gramsField(o)]! / 1000])),
      reusedKg: reused / 1000,
      totalKg: total / 1000,
      diversionRate: rate(reused),
      pendingKg: r.pendingG / 1000,
      magnetUpgrades: 0,
      co2AvoidedT: 0,
      recoveryRate: rate(reused + sum(RECOVERED)),
    };
    return { key: r.region, ...Object.fromEntries(TOTAL_FIELDS.map((f) => [f, figures[f]])) };
  });
}
