import { describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

type Ev = Record<string, string | number>;

/** A unit in a given state; CN units are from China. */
async function setUp(t: TestApp, origin: string, history: Ev[]) {
  const u = await createUnit(t, { serialNumber: 'P-1', originCountry: origin, massKg: 100 });
  await addEvents(t, u.id, history);
  t.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
  return u.id;
}

const assessed = (route: string): Ev => ({ type: 'assessed', occurredAt: '2024-04-01', grade: 'B', route });
const REFURBISHED: Ev[] = [
  assessed('refurbish'),
  { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'HU-EROC' },
  { type: 'refurbished', occurredAt: '2024-04-03' },
];

/** [what, origin, history, the event]: each breaks one rule. */
const CASES: [string, string, Ev[], Ev][] = [
  ['a future date', 'DE', [], { ...assessed('recycle'), occurredAt: '2026-06-16' }],
  ['a date before receipt', 'DE', [], { ...assessed('recycle'), occurredAt: '2024-02-01' }],
  ['a date before the latest event', 'DE', [assessed('recycle')], { type: 'landfilled', occurredAt: '2024-03-15', massKg: 1, reason: 'r' }],
  ['an unknown site', 'DE', [assessed('refurbish')], { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'XX-1' }],
  ['a void of an unknown event', 'DE', [], { type: 'voided', occurredAt: '2024-04-02', eventId: 'evt_nope', reason: 'r' }],
  ['a China unit routed to refurbish', 'CN', [], assessed('refurbish')],
  ['a release into China', 'DE', REFURBISHED, { type: 'released', occurredAt: '2024-04-04', channel: 'sale', destinationCountry: 'CN' }],
  ['an invalid transition', 'DE', [assessed('recycle')], { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'HU-EROC' }],
  ['mass over intake', 'DE', [assessed('recycle')], { type: 'recycled', occurredAt: '2024-04-02', massKg: 100.5, material: 'mixed', recycler: 'X' }],
];

describe('bulk and single-item answers agree', () => {
  it.each(CASES)('when an event has %s, then the import reports the code and message the single-item endpoint answers', async (_what, origin, history, event) => {
    const single = createTestApp();
    const id = await setUp(single, origin, history);
    const one = await addEvent(single, id, event);
    expect(one.status).toBeGreaterThanOrEqual(400);

    const bulk = createTestApp();
    await setUp(bulk, origin, history);
    const header = ['serialNumber', ...Object.keys(event)];
    const res = await postCsv(bulk, 'events', csv([header, ['P-1', ...Object.values(event)]]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    const row = res.body.errors[0];
    expect(row.code).toBe(one.body.code);
    // A 400 names the field in its detail ("path: message"); a row error has it as its column.
    const detail = one.body.code === 'validation.failed' ? `${row.column}: ${row.message}` : row.message;
    expect(detail.replace('evt_t', 'evt_')).toBe(one.body.detail.replace('evt_t', 'evt_'));
  });

  it('when a unit breaks a rule, then the units import reports what POST /units answers', async () => {
    const single = createTestApp();
    single.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
    const one = await single.as('operator').post('/api/v1/units', { ...Object.fromEntries(UNIT_HEADER.map((h, i) => [h, unitRow()[i]])), receivedAt: '2023-05-05' });
    const bulk = createTestApp();
    bulk.db.$client.prepare("INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (2023, 1, '2026-01-01', 'test')").run();
    const res = await postCsv(bulk, 'units', csv([UNIT_HEADER, unitRow({ receivedAt: '2023-05-05' })]));
    expect(one.body.code).toBe('period.locked');
    expect(res.body.errors).toEqual([{ row: 2, column: 'receivedAt', code: 'period.locked', message: one.body.detail }]);
  });
});
