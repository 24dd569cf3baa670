import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../domain/csv-cells.js';
import { TOTAL_FIELDS, type Totals } from './kpi.js';

/**
 * One row per group, or one `total` row without groupBy. The header names every
 * field as the JSON does; a null diversion rate is an empty cell. A key a spreadsheet
 * would run as a formula (a site code such as "-X") gets a leading '.
 */
export function kpiCsv(totals: Totals, groups: ({ key: string } & Totals)[], grouped: boolean): string {
  const rows = grouped ? groups : [{ key: 'total', ...totals }];
  return stringify(
    rows.map((r) => [r.key, ...TOTAL_FIELDS.map((f) => r[f])]),
    { header: true, columns: ['key', ...TOTAL_FIELDS], cast: { number: (n) => String(n), string: neutraliseFormula } },
  );
}
