import type { Role } from '../../src/http/context.js';
import type { TestApp } from '../helpers/test-app.js';

/** A CSV text from rows of cells (quoted where needed), LF line ends. */
export function csv(rows: (string | number | null | undefined)[][], eol = '\n'): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

export const UNIT_HEADER = ['serialNumber', 'category', 'modality', 'model', 'massKg', 'massSource', 'originCountry', 'siteCode', 'receivedAt', 'returnChannel'];

/** One unit row in UNIT_HEADER order, with overrides by column name. */
export function unitRow(over: Record<string, string | number | null> = {}) {
  const base: Record<string, string | number | null> = {
    serialNumber: 'SN-1',
    category: 'imaging',
    modality: 'CT',
    model: 'Revolution EVO',
    massKg: 2000,
    massSource: 'measured',
    originCountry: 'DE',
    siteCode: 'HU-EROC',
    receivedAt: '2024-03-01',
    returnChannel: 'trade_in',
    ...over,
  };
  return UNIT_HEADER.map((h) => base[h] ?? null);
}

export function postCsv(t: TestApp, kind: 'units' | 'events', body: string | Buffer, opts: { role?: Role; key?: string } = {}) {
  const r = t.as(opts.role ?? 'operator').post(`/api/v1/imports/${kind}`).set('Content-Type', 'text/csv');
  if (opts.key) r.set('Idempotency-Key', opts.key);
  return r.send(body);
}

/** Sends events as a CSV with the given header; rows are objects keyed by column. */
export function eventsCsv(header: string[], rows: Record<string, string | number | null>[]): string {
  return csv([header, ...rows.map((r) => header.map((h) => r[h] ?? null))]);
}
