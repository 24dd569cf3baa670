import { beforeEach, describe, expect, it } from 'vitest';
import { createUnit } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { csv, postCsv, UNIT_HEADER, unitRow } from './import-helpers.js';

/**
 * One file with one error of every row-level kind, and one file per whole-file
 * error: each answer lists every problem and the database is left exactly as it was.
 */
describe('imports with bad input', () => {
  let t: TestApp;
  let before: string;
  beforeEach(async () => {
    t = createTestApp();
    await createUnit(t, { serialNumber: 'CN-1', originCountry: 'CN', massKg: 100 });
    await createUnit(t, { serialNumber: 'DE-1', massKg: 100 });
    before = dump(t.db);
  });

  it('when a units file has a bad date, an unknown category, a bad country and a duplicate serial, then each row is listed and nothing is stored', async () => {
    const res = await postCsv(
      t,
      'units',
      csv([
        UNIT_HEADER,
        unitRow({ serialNumber: 'N-1', receivedAt: '2024-02-30' }),
        unitRow({ serialNumber: 'N-2', category: 'toaster' }),
        unitRow({ serialNumber: 'N-3', originCountry: 'XX' }),
        unitRow({ serialNumber: 'N-4' }),
        unitRow({ serialNumber: 'N-4' }),
        unitRow({ serialNumber: 'N-5', massKg: '12,5' }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'import.invalid', status: 400, errorCount: 5 });
    expect(res.body.errors).toEqual([
      { row: 2, column: 'receivedAt', code: 'validation.failed', message: 'must be a real date in YYYY-MM-DD form (got "2024-02-30")' },
      { row: 3, column: 'category', code: 'validation.failed', message: 'must be one of imaging, ultrasound, magnet, magnet_upgrade_component, surgical (got "toaster")' },
      { row: 4, column: 'originCountry', code: 'validation.failed', message: 'is not a known ISO 3166-1 alpha-2 country (got "XX")' },
      { row: 6, column: 'serialNumber', code: 'unit.duplicate_serial', message: expect.stringContaining('Row 5 of this file') },
      { row: 7, column: 'massKg', code: 'validation.failed', message: 'must be a number such as 1234.5 (got "12,5")' },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when an events file has mass over intake, an invalid transition, a China unit routed to refurbish, an unknown unit, a field of another type and an unknown type, then each row is listed and nothing is stored', async () => {
    const header = ['serialNumber', 'unitId', 'type', 'occurredAt', 'grade', 'route', 'massKg', 'material', 'recycler', 'reason', 'channel', 'destinationCountry', 'method', 'standard', 'media', 'verifiedBy'];
    const res = await postCsv(
      t,
      'events',
      csv([
        header,
        ['DE-1', null, 'assessed', '2024-04-01', 'C', 'recycle'],
        ['DE-1', null, 'data_sanitized', '2024-04-01', null, null, null, null, null, null, null, null, 'purge', 'NIST SP 800-88r1', 'hdd:D1', 'QA'],
        ['DE-1', null, 'recycled', '2024-04-02', null, null, 100.001, 'mixed', 'X'],
        ['DE-1', null, 'released', '2024-04-02', null, null, null, null, null, null, 'sale', 'US'],
        ['CN-1', null, 'assessed', '2024-04-01', 'A', 'refurbish'],
        [null, 'unit_nope', 'assessed', '2024-04-01', 'A', 'recycle'],
        ['DE-1', null, 'landfilled', '2024-04-03', 'B', null, 1, null, null, 'rest'],
        ['DE-1', null, 'exploded', '2024-04-03'],
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { row: 4, column: 'massKg', code: 'mass.exceeds_intake', message: '100.001 kg would exceed the 100 kg still on the unit (intake 100 kg).' },
      { row: 5, column: 'type', code: 'lifecycle.invalid_transition', message: expect.stringContaining('A unit in state "assessed" cannot take "released"') },
      { row: 6, column: 'route', code: 'policy.china_exclusion', message: expect.stringContaining('route "refurbish" is refused') },
      { row: 7, column: 'unitId', code: 'unit.not_found', message: 'no unit "unit_nope"' },
      { row: 8, column: 'grade', code: 'validation.failed', message: 'does not apply to a "landfilled" event; leave the cell empty' },
      { row: 9, column: 'type', code: 'validation.failed', message: expect.stringMatching(/^must be one of assessed, refurbishment_started, .* \(got "exploded"\)$/) },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  it('when a row follows a refused row for the same unit, then its own refusal is reported too and points at the earlier row', async () => {
    const res = await postCsv(
      t,
      'events',
      csv([
        ['serialNumber', 'type', 'occurredAt', 'grade', 'route', 'channel', 'destinationCountry'],
        ['DE-1', 'assessed', '2024-04-01', 'Z', 'refurbish'],
        ['DE-1', 'released', '2024-04-02', null, null, 'sale', 'US'],
      ]),
    );
    expect(res.body.errors).toEqual([
      { row: 2, column: 'grade', code: 'validation.failed', message: expect.any(String) },
      { row: 3, column: 'type', code: 'lifecycle.invalid_transition', message: expect.stringContaining('Row 2, an earlier row for this unit, was refused') },
    ]);
    expect(dump(t.db)).toBe(before);
  });

  const wholeFile: [string, 'units' | 'events', string | Buffer, { row: number; column: string | null; message: RegExp }[]][] = [
    ['a missing column', 'units', csv([UNIT_HEADER.filter((c) => c !== 'receivedAt'), unitRow().slice(0, 8)]), [{ row: 1, column: 'receivedAt', message: /missing column/ }]],
    ['an extra column', 'units', csv([[...UNIT_HEADER, 'colour'], [...unitRow(), 'red']]), [{ row: 1, column: 'colour', message: /unknown column "colour"/ }]],
    ['a misspelt column', 'events', 'SerialNumber,type,occurredAt\nDE-1,assessed,2024-04-01\n', [{ row: 1, column: 'SerialNumber', message: /did you mean "serialNumber"/ }, { row: 1, column: 'unitId', message: /missing column/ }]],
    ['an empty body', 'units', '', [{ row: 1, column: null, message: /The file is empty/ }]],
    ['a header and no rows', 'units', csv([UNIT_HEADER]), [{ row: 2, column: null, message: /no data rows/ }]],
    ['binary garbage', 'units', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x01]), [{ row: 1, column: null, message: /not a text file|not UTF-8/ }]],
    ['invalid UTF-8 on a later line', 'units', Buffer.concat([Buffer.from(csv([UNIT_HEADER, unitRow()])), Buffer.from([0xc3, 0x28, 0x0a])]), [{ row: 3, column: null, message: /not UTF-8 text \(line 3/ }]],
    ['an unclosed quote', 'units', `${UNIT_HEADER.join(',')}\n"A-1,imaging,CT,M,1,measured,DE,HU-EROC,2024-01-01,trade_in\n`, [{ row: 2, column: null, message: /not valid CSV/ }]],
  ];

  it.each(wholeFile)('when the file has %s, then the whole file is refused with the reason and nothing is stored', async (_what, kind, body, expected) => {
    const res = await postCsv(t, kind, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('import.invalid');
    expect(res.body.detail).toMatch(/^The file cannot be imported/);
    expect(res.body.errors).toEqual(expected.map((e) => ({ ...e, code: 'import.invalid', message: expect.stringMatching(e.message) })));
    expect(dump(t.db)).toBe(before);
  });
});
