import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, eventsCsv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

const HEADER = ['serialNumber', 'id', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler', 'reason', 'partNumber', 'destination', 'method', 'standard', 'media', 'verifiedBy', 'certificateRef', 'eventId'];
const row = {
  assessed: (serialNumber: string, route = 'recycle') => ({ serialNumber, type: 'assessed', occurredAt: '2024-04-01', grade: 'C', route }),
  sanitized: (serialNumber: string, media = 'hdd:WD-1;ssd:S-2', over: Record<string, string> = {}) => ({
    serialNumber, type: 'data_sanitized', occurredAt: '2024-04-02', method: 'purge', standard: 'NIST SP 800-88r1', media, verifiedBy: 'QA', ...over,
  }),
  harvested: (serialNumber: string) => ({ serialNumber, type: 'part_harvested', occurredAt: '2024-04-02', partNumber: 'P-1', massKg: 1, destination: 'service_stock' }),
  recycled: (serialNumber: string, massKg = 10) => ({ serialNumber, type: 'recycled', occurredAt: '2024-04-03', massKg, material: 'ferrous', recycler: 'M' }),
  landfilled: (serialNumber: string, massKg = 10) => ({ serialNumber, type: 'landfilled', occurredAt: '2024-04-03', massKg, reason: 'rest' }),
};
type Row = Record<string, string | number>;

async function units(t: TestApp, ...serials: string[]) {
  const out: Record<string, string> = {};
  for (const serialNumber of serials) out[serialNumber] = (await createUnit(t, { serialNumber, massKg: 100 })).id;
  return out;
}

describe('data_sanitized rows in an events file', () => {
  it('when a sanitization in row 5 comes before the unit’s recycling in row 9, then the file is stored whole', async () => {
    const t = createTestApp();
    await units(t, 'A', 'B');
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [
      row.assessed('A'),
      row.assessed('B'),
      row.harvested('A'),
      row.sanitized('A', 'hdd:WD-1;ssd:S-2;flash'),
      row.sanitized('B'),
      row.recycled('B', 50),
      row.landfilled('B', 5),
      row.recycled('A', 60),
    ]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 8, unitsAffected: 2 });
    const a = (await t.as('viewer').get('/api/v1/units?serialNumber=A')).body.items[0];
    expect(a.massBalance).toMatchObject({ harvestedKg: 1, recycledKg: 60, remainingKg: 39 });
    const cert = (await t.as('viewer').get(`/api/v1/units/${a.id}/sanitization`)).body;
    expect(cert).toMatchObject({ status: 'sanitized', records: [{ method: 'purge', media: [{ kind: 'hdd', serial: 'WD-1' }, { kind: 'ssd', serial: 'S-2' }, { kind: 'flash' }], verifiedBy: 'QA', certificateRef: null }] });
  });

  it('when a file recycles a unit it never sanitized, then that row is refused with compliance.sanitization_required, a sanitized unit beside it is not, and nothing is stored', async () => {
    const t = createTestApp();
    await units(t, 'A', 'B');
    const before = dump(t.db);
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [
      row.assessed('A'),
      row.recycled('A'),
      row.assessed('B'),
      row.sanitized('B'),
      row.landfilled('B'),
    ]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 3, column: 'type', code: 'compliance.sanitization_required', message: expect.stringContaining('record a data_sanitized event') },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a later row voids the sanitization an earlier row’s recycling relies on, then that row is refused naming the recycling', async () => {
    const t = createTestApp();
    await units(t, 'A');
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [
      row.assessed('A'),
      { ...row.sanitized('A'), id: 'san-1' },
      row.recycled('A'),
      { serialNumber: 'A', type: 'voided', occurredAt: '2024-04-04', eventId: 'san-1', reason: 'wrong disks' },
    ]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 5, column: 'eventId', code: 'compliance.sanitization_required', message: expect.stringMatching(/would leave evt_\w+ \("recycled"\) without a sanitization before it/) },
    ]);
  });

  it.each([
    ['an empty item', 'hdd;;ssd', /item 2 is empty/],
    ['an unknown kind', 'hdd:A;tape:B', /item 2 has kind "tape"/],
    ['a colon and no serial', 'ssd:', /has ":" but no serial/],
    ['a stray backslash', 'hdd:A\\B', /must be followed by/],
    ['a serial of 65 characters', `hdd:${'x'.repeat(65)}`, /64/],
  ])('when the media cell has %s, then the row is refused on column media and nothing is stored', async (_n, media, message) => {
    const t = createTestApp();
    await units(t, 'A');
    const before = dump(t.db);
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [row.assessed('A'), row.sanitized('A', media)]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ row: 3, column: 'media', code: 'validation.failed', message: expect.stringMatching(message) }]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a sanitization row lacks its media, method, standard or verifier, then each is named', async () => {
    const t = createTestApp();
    await units(t, 'A');
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [{ serialNumber: 'A', type: 'data_sanitized', occurredAt: '2024-04-02' }]));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { column: string; message: string }) => [e.column, e.message]).sort()).toEqual([
      ['media', 'is required'],
      ['method', 'is required'],
      ['standard', 'is required'],
      ['verifiedBy', 'is required'],
    ]);
  });

  it('when another event type fills the media column, then the cell is refused as not applying', async () => {
    const t = createTestApp();
    await units(t, 'A');
    const res = await postCsv(t, 'events', eventsCsv(HEADER, [{ ...row.assessed('A'), media: 'hdd' }]));
    expect(res.body.errors).toEqual([{ row: 2, column: 'media', code: 'validation.failed', message: 'does not apply to an "assessed" event; leave the cell empty' }]);
  });
});

/**
 * Parity: each sequence, sent one event at a time to POST /units/:id/events and as one
 * events file, ends the same way: the same events stored, or the same refusal (code and
 * field) on the same event.
 */
const GATE = 'compliance.sanitization_required';
// [case, unit and flag, rows, the outcome: null = every row stored, else the refusal's code]
const PARITY: Array<[string, string | null, { over?: Record<string, unknown>; flag?: boolean }, Row[]]> = [
  ['a recycling after a sanitization', null, {}, [row.assessed('A'), row.sanitized('A'), row.recycled('A')]],
  ['a recycling with no sanitization', GATE, {}, [row.assessed('A'), row.recycled('A')]],
  ['a landfill after a voided sanitization', GATE, {}, [row.assessed('A'), { ...row.sanitized('A'), id: 's' }, { serialNumber: 'A', type: 'voided', occurredAt: '2024-04-02', eventId: 's', reason: 'r' }, row.landfilled('A')]],
  ['a void of the sanitization behind a recycling', GATE, {}, [row.assessed('A'), { ...row.sanitized('A'), id: 's' }, row.recycled('A'), { serialNumber: 'A', type: 'voided', occurredAt: '2024-04-04', eventId: 's', reason: 'r' }]],
  ['a recycling of a magnet with no sanitization', null, { over: { category: 'magnet', modality: undefined } }, [row.assessed('A'), row.recycled('A')]],
  ['a recycling with no sanitization, flag off', null, { flag: false }, [row.assessed('A'), row.recycled('A')]],
  ['an unsanitized recycling over the mass', GATE, {}, [row.assessed('A'), row.recycled('A', 101)]],
  ['a sanitized recycling over the mass', 'mass.exceeds_intake', {}, [row.assessed('A'), row.sanitized('A'), row.recycled('A', 101)]],
  ['a sanitization of a closed unit', 'lifecycle.invalid_transition', {}, [row.assessed('A'), row.sanitized('A'), row.recycled('A', 100), { ...row.sanitized('A'), occurredAt: '2024-04-05' }]],
];

/** A CSV row as the JSON body of POST /units/:id/events (the media cell read by hand). */
function toBody(r: Row, labels: Map<string, string>): Record<string, unknown> {
  const { serialNumber: _s, id: _id, ...rest } = r;
  const body: Record<string, unknown> = { ...rest };
  if (typeof body.media === 'string') {
    body.media = body.media.split(';').map((item) => {
      const [kind, serial] = item.split(':');
      return serial === undefined ? { kind } : { kind, serial };
    });
  }
  if (typeof body.eventId === 'string') body.eventId = labels.get(body.eventId) ?? body.eventId;
  return body;
}

describe('parity between the events file and the single-item endpoint', () => {
  it.each(PARITY)('when %s, then both end the same (refusal: %s)', async (_n, expected, { over = {}, flag = true }, rows) => {
    const single = createTestApp({ policySanitizationRequired: flag });
    const unit = await createUnit(single, { serialNumber: 'A', massKg: 100, ...over });
    const labels = new Map<string, string>();
    let refusal: { index: number; code: string } | null = null;
    for (const [i, r] of rows.entries()) {
      const res = await addEvent(single, unit.id, toBody(r, labels));
      if (res.status !== 201) {
        refusal = { index: i, code: res.body.code };
        break;
      }
      if (r.id) labels.set(String(r.id), res.body.id);
    }

    expect(refusal?.code ?? null).toBe(expected);

    const bulk = createTestApp({ policySanitizationRequired: flag });
    await createUnit(bulk, { serialNumber: 'A', massKg: 100, ...over });
    const before = dump(bulk.db);
    const file = await postCsv(bulk, 'events', eventsCsv(HEADER, refusal ? rows.slice(0, refusal.index + 1) : rows));
    if (refusal === null) {
      expect(file.status).toBe(201);
      const state = (app: TestApp) => app.db.$client.prepare('SELECT state, recycled_g, landfilled_g, closed_at FROM units').all();
      expect(state(bulk)).toEqual(state(single));
      const types = (app: TestApp) => app.db.$client.prepare('SELECT type, mass_g, data FROM events ORDER BY seq').all();
      expect(types(bulk)).toEqual(types(single));
    } else {
      expect(file.status).toBe(400);
      expect(file.body.errors).toEqual([expect.objectContaining({ row: refusal.index + 2, code: refusal.code })]);
      expect(dump(bulk.db)).toBe(before);
    }
  });
});

describe('the exports', () => {
  it('when a sanitization is exported, then its media are written in the compact form with escapes, and other columns as given', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { serialNumber: 'X-1', massKg: 10 });
    await addEvents(t, u.id, [
      sanitized('2024-03-02', { media: [{ kind: 'hdd', serial: 'A;B' }, { kind: 'ssd', serial: 'C\\D' }, { kind: 'other' }], certificateRef: 'DS-9' }),
    ]);
    const text = (await t.as('viewer').get('/api/v1/events?format=csv')).text;
    const [r] = parse(text, { columns: true }) as Record<string, string>[];
    expect(r).toMatchObject({ type: 'data_sanitized', method: 'purge', standard: 'NIST SP 800-88r1', media: 'hdd:A\\;B;ssd:C\\\\D;other', verifiedBy: 'QA lead', certificateRef: 'DS-9', massKg: '' });
  });
});

describe('dataBearing in the units file', () => {
  it('when the column says true, FALSE or nothing, then it is stored so (nothing: the category default), and exported as true/false', async () => {
    const t = createTestApp();
    const header = [...UNIT_HEADER, 'dataBearing'];
    const res = await postCsv(t, 'units', csv([
      header,
      [...unitRow({ serialNumber: 'M-1', category: 'magnet', modality: null }), 'true'],
      [...unitRow({ serialNumber: 'C-1' }), 'FALSE'],
      [...unitRow({ serialNumber: 'C-2' }), ''],
      [...unitRow({ serialNumber: 'M-2', category: 'magnet', modality: null }), null],
    ]));
    expect(res.status).toBe(201);
    const stored = t.db.$client.prepare('SELECT serial_number, data_bearing FROM units ORDER BY serial_number').all();
    expect(stored).toEqual([
      { serial_number: 'C-1', data_bearing: 0 },
      { serial_number: 'C-2', data_bearing: 1 },
      { serial_number: 'M-1', data_bearing: 1 },
      { serial_number: 'M-2', data_bearing: 0 },
    ]);
    const exported = parse((await t.as('viewer').get('/api/v1/units?format=csv')).text, { columns: true }) as Record<string, string>[];
    expect(exported.map((u) => [u.serialNumber, u.dataBearing]).sort()).toEqual([['C-1', 'false'], ['C-2', 'true'], ['M-1', 'true'], ['M-2', 'false']]);
  });

  it('when the column holds anything but true or false, then the row is refused on dataBearing and nothing is stored', async () => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await postCsv(t, 'units', csv([[...UNIT_HEADER, 'dataBearing'], [...unitRow(), 'yes'], [...unitRow({ serialNumber: 'SN-2' }), '1']]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'dataBearing', code: 'validation.failed', message: 'must be true or false (got "yes")' },
      { row: 3, column: 'dataBearing', code: 'validation.failed', message: 'must be true or false (got "1")' },
    ]);
    expect(dump(t.db)).toBe(before);
  });
});
