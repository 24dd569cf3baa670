import { describe, expect, it } from 'vitest';
import { listUnitsSql, SERIAL_LOOKUP_SQL, type UnitFilter } from '../../src/modules/units/units.store.js';
import { createTestApp } from '../helpers/test-app.js';

/**
 * The units lists and serial lookups read an index in order: no full scan for a serial,
 * no sort for a page. SQLite's plan on the migrated (empty) schema shows which index a
 * statement uses; statistics could change the choice on real data only for the better.
 */
const plan = (sql: string) => {
  const t = createTestApp();
  const n = (sql.match(/\?/g) ?? []).length;
  const rows = t.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: n }, () => 'x')) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
};

describe('units query plans', () => {
  it.each(Object.entries(SERIAL_LOOKUP_SQL))('when units are looked up by serial (%s), then the serial key index is searched', (_n, sql) => {
    expect(plan(sql)).toMatch(/SEARCH units USING INDEX units_serial_key_idx \(serial_key=/);
  });

  it.each([
    [[], 'units_received_id_idx'],
    [['state'], 'units_state_received_idx'],
    [['region'], 'units_region_received_idx'],
    [['siteCode'], 'units_site_received_idx'],
    [['serialNumber'], 'units_serial_key_idx'],
    [['q'], 'units_serial_key_idx'],
    [['receivedFrom', 'receivedTo'], 'units_received_id_idx'],
  ] as [(keyof UnitFilter)[], string][])('when a page filtered by %j is read, then %s is used', (keys, index) => {
    for (const order of ['desc', 'asc'] as const) {
      for (const after of [false, true]) {
        const p = plan(listUnitsSql(keys, order, after));
        expect(p).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}\\b`));
        // A serial lookup or search sorts its few matches; every other page is read in order.
        if (!keys.includes('serialNumber') && !keys.includes('q')) expect(p).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});
