import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, events, kpiDaily, outflowDaily, units } from '../../src/db/schema.js';
import { AUDIT_COLUMNS } from '../../src/modules/audit/audit.repo.js';
import { FLOW_DIM_COLUMNS, ROLLUP_COLUMNS, ROLLUP_DIM_COLUMNS } from '../../src/modules/kpis/rollup.repo.js';
import { EVENT_COLUMNS, UNIT_COLUMNS } from '../../src/modules/units/units.store.js';

/** The database column names drizzle knows for a table, in schema order. */
const columnsOf = (table: Parameters<typeof getTableColumns>[0]) => Object.values(getTableColumns(table)).map((c) => c.name);

// Hand-written SQL names its columns; if the schema gains or renames one, these fail
// before a statement silently writes a default or the wrong column.
describe('hand-written SQL column lists', () => {
  it.each([
    ['units', UNIT_COLUMNS, columnsOf(units).filter((c) => c !== 'seq')],
    // vendor_code is generated from data (json_extract), so no statement writes it.
    ['events', EVENT_COLUMNS, columnsOf(events).filter((c) => c !== 'seq' && c !== 'vendor_code')],
    ['audit_log', AUDIT_COLUMNS, columnsOf(auditLog).filter((c) => c !== 'seq')],
    ['kpi_daily', [...ROLLUP_DIM_COLUMNS, ...Object.values(ROLLUP_COLUMNS)], columnsOf(kpiDaily)],
    ['outflow_daily', [...FLOW_DIM_COLUMNS, 'mass_g'], columnsOf(outflowDaily)],
  ])('when the %s writer lists its columns, then they are exactly the schema’s', (_table, written, schema) => {
    expect([...written].sort()).toEqual([...schema].sort());
    expect(new Set(written).size).toBe(written.length);
  });
});
