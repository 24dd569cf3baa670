import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { addEvents, createUnit, sanitized } from '../helpers/factories.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { postCsv } from './import-helpers.js';

const kpiRows = (t: TestApp) =>
  t.db.$client.prepare('SELECT * FROM kpi_daily ORDER BY day, region, category, modality, site_code').all();

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

/**
 * Export rows without what a new database makes anew (ids, timestamps, actor); event
 * ids become their row index. Units are listed newest first by receivedAt then id, and
 * ids are made anew, so units received on the same day are compared in serial order.
 */
function comparable(units: string, events: string) {
  const evts = rowsOf(events);
  const index = new Map(evts.map((e, i) => [e.id, String(i)]));
  const byKey = (u: Record<string, string>) => `${u.receivedAt} ${u.serialNumber} ${u.model}`;
  return {
    units: rowsOf(units)
      .map(({ id: _id, createdAt: _c, ...u }) => u)
      .sort((a, b) => byKey(a).localeCompare(byKey(b))),
    events: evts.map(({ id, eventId, recordedAt: _r, actor: _a, ...e }) => ({ ...e, id: index.get(id), eventId: eventId ? index.get(eventId) : '' })),
  };
}

async function buildLedger(t: TestApp) {
  const r = await createUnit(t, { serialNumber: 'R-1', massKg: 1800.25 });
  await addEvents(t, r.id, [
    { type: 'assessed', occurredAt: '2024-04-01', grade: 'A', route: 'refurbish', notes: 'good, "as new"' },
    { type: 'refurbishment_started', occurredAt: '2024-04-02', siteCode: 'US-ROC' },
    { type: 'refurbished', occurredAt: '2024-05-01', certification: 'OEM', warrantyMonths: 12 },
  ]);
  // A sanitization entered for the wrong disks, voided, and entered again; serials that the
  // compact media column must escape (";" and "\\") survive the round trip.
  const [wrongDisks] = await addEvents(t, r.id, [sanitized('2024-05-01', { media: [{ kind: 'hdd', serial: 'OTHER' }] })]);
  await addEvents(t, r.id, [
    { type: 'voided', occurredAt: '2024-05-01', eventId: (wrongDisks as { id: string }).id, reason: 'other unit’s disks' },
    sanitized('2024-05-01', {
      method: 'destroy',
      media: [{ kind: 'hdd', serial: 'A;B\\C:D' }, { kind: 'flash' }, { kind: 'ssd', serial: ' S 1' }],
      certificateRef: 'DS-2024-17',
      verifiedBy: 'J. Doe, "QA"',
    }),
    { type: 'released', occurredAt: '2024-05-02', channel: 'donation', destinationCountry: 'KE' },
  ]);
  const h = await createUnit(t, { serialNumber: 'H-1', category: 'magnet', modality: undefined, siteCode: 'JP-RC', originCountry: 'JP', receivedAt: '2025-02-01' });
  const [, , wrong] = await addEvents(t, h.id, [
    { type: 'assessed', occurredAt: '2025-02-02', grade: 'C', route: 'harvest' },
    { type: 'part_harvested', occurredAt: '2025-02-03', partNumber: 'COIL-7', massKg: 300.125, destination: 'refurbishment', description: 'gradient coil' },
    { type: 'recycled', occurredAt: '2025-02-04', massKg: 1699.875, material: 'copper', recycler: 'Cu Co', certificateRef: 'C-1' },
  ]);
  // A correction: the recycled weight was wrong, so the unit reopens and closes again later.
  await addEvents(t, h.id, [
    { type: 'voided', occurredAt: '2025-02-05', eventId: (wrong as { id: string }).id, reason: 'weighed twice' },
    { type: 'recycled', occurredAt: '2025-02-06', massKg: 1500, material: 'copper', recycler: 'Cu Co' },
    { type: 'landfilled', occurredAt: '2025-02-07', massKg: 199.875, reason: 'insulation', facility: 'Site 9' },
  ]);
  const c = await createUnit(t, { serialNumber: 'C-1', originCountry: 'CN', siteCode: 'IN-RC', massKg: 900 });
  await addEvents(t, c.id, [
    { type: 'assessed', occurredAt: '2024-06-01', grade: 'D', route: 'recycle' },
    sanitized('2024-06-01', { method: 'clear', media: [{ kind: 'other' }] }),
    { type: 'recycled', occurredAt: '2024-06-02', massKg: 400, material: 'mixed', recycler: 'Recycler, Inc.' },
  ]);
  // dataBearing set against its category's default, both ways: the export must keep it.
  await createUnit(t, { serialNumber: 'O-1', category: 'ultrasound', modality: undefined, massKg: 85.5, receivedAt: '2026-06-15', returnChannel: 'lease_return', massSource: 'model_default', dataBearing: false });
  await createUnit(t, { serialNumber: 'K-1', category: 'magnet_upgrade_component', modality: undefined, massKg: 120, dataBearing: true });
  await createUnit(t, { serialNumber: 'SAME', model: 'A' });
  await createUnit(t, { serialNumber: 'SAME', model: 'B' });
  const sameB = (await t.as('viewer').get('/api/v1/units?serialNumber=SAME&order=asc')).body.items[1];
  await addEvents(t, sameB.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'B', route: 'landfill' }]);
}

describe('CSV export and re-import', () => {
  it('when the whole ledger is exported and imported into a fresh database, then units, balances, timelines and the roll-up are the same', async () => {
    const source = createTestApp();
    await buildLedger(source);
    const units = await source.as('viewer').get('/api/v1/units?format=csv');
    const events = await source.as('viewer').get('/api/v1/events?format=csv');
    expect(units.status).toBe(200);
    expect(units.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(events.status).toBe(200);
    expect(rowsOf(units.text)).toHaveLength(7);
    expect(rowsOf(events.text)).toHaveLength(17);

    const target = createTestApp();
    const u = await postCsv(target, 'units', units.text);
    expect(u.status).toBe(201);
    const e = await postCsv(target, 'events', events.text);
    expect(e.status).toBe(201);
    expect(e.body).toMatchObject({ created: 17, unitsAffected: 4 });
    // What an auditor reads back: the same certificates and the same audit.
    for (const serialNumber of ['R-1', 'C-1', 'O-1', 'K-1']) {
      const certificate = async (app: TestApp) => {
        const unit = (await app.as('viewer').get(`/api/v1/units?serialNumber=${serialNumber}`)).body.items[0];
        const { unitId: _u, generatedAt: _g, ...body } = (await app.as('viewer').get(`/api/v1/units/${unit.id}/sanitization`)).body;
        return { ...body, records: body.records.map(({ eventId: _e, actor: _a, recordedAt: _r, ...rec }: Record<string, unknown>) => rec) };
      };
      expect(await certificate(target)).toEqual(await certificate(source));
    }
    const audit = (app: TestApp) => app.as('viewer').get('/api/v1/reports/sanitization?from=2024-01-01&to=2026-06-15');
    expect((await audit(target)).body).toEqual((await audit(source)).body);

    expect(kpiRows(target)).toEqual(kpiRows(source));
    // The figures people read: the same KPIs, grouped and in CSV, with and without China.
    for (const qs of ['from=2024-01-01&to=2026-06-15&groupBy=quarter', 'from=2024-01-01&to=2026-06-15&groupBy=region&includeChina=true']) {
      const [a, b] = await Promise.all([source, target].map((x) => x.as('viewer').get(`/api/v1/kpis?${qs}`)));
      const { generatedAt: _g1, ...ka } = a!.body;
      const { generatedAt: _g2, ...kb } = b!.body;
      expect(kb).toEqual(ka);
      expect(ka.totals.totalKg).toBeGreaterThan(0);
      const [ca, cb] = await Promise.all([source, target].map((x) => x.as('viewer').get(`/api/v1/kpis?${qs}&format=csv`)));
      expect(cb!.text).toBe(ca!.text);
    }
    const again = {
      units: (await target.as('viewer').get('/api/v1/units?format=csv')).text,
      events: (await target.as('viewer').get('/api/v1/events?format=csv')).text,
    };
    expect(comparable(again.units, again.events)).toEqual(comparable(units.text, events.text));
  });

  it('when texts begin with = + - @ or a quote, then the export prefixes them with a quote, numbers stay numbers, and a re-import restores every text', async () => {
    const source = createTestApp();
    const u = await createUnit(source, { serialNumber: '=HYPERLINK("http://x.test","open")', model: '+Model', massKg: 500, dataBearing: false });
    await addEvents(source, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest', notes: '=1+2 looked fine' },
      { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: '-P-77', massKg: 12.5, destination: 'service_stock', description: "'=already quoted" },
      { type: 'recycled', occurredAt: '2024-03-04', massKg: 400, material: 'ferrous', recycler: '@Recycler', certificateRef: '\uFF1DSUM(1)' },
    ]);
    await createUnit(source, { serialNumber: '-5', model: 'plain' });
    const units = await source.as('viewer').get('/api/v1/units?format=csv');
    const events = await source.as('viewer').get('/api/v1/events?format=csv');

    const unitRows = rowsOf(units.text);
    expect(unitRows.map((r) => [r.serialNumber, r.model])).toEqual(
      expect.arrayContaining([["'=HYPERLINK(\"http://x.test\",\"open\")", "'+Model"], ["'-5", 'plain']]),
    );
    // Numbers are not formulas: a mass or a balance is written as the number it is.
    expect(unitRows.find((r) => r.serialNumber === "'-5")).toMatchObject({ massKg: '2000', remainingKg: '2000' });
    const eventRows = rowsOf(events.text);
    expect(eventRows.map((r) => r.notes || r.partNumber || r.recycler)).toEqual(["'=1+2 looked fine", "'-P-77", "'@Recycler"]);
    expect(eventRows[1]!.description).toBe("''=already quoted");
    expect(eventRows[2]!.certificateRef).toBe("'\uFF1DSUM(1)");
    for (const text of [units.text, events.text]) {
      for (const row of rowsOf(text)) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@\t\r\uFF1D\uFF0B\uFF0D\uFF20]|^-(?!\d)/);
    }

    const target = createTestApp();
    expect((await postCsv(target, 'units', units.text)).status).toBe(201);
    expect((await postCsv(target, 'events', events.text)).status).toBe(201);
    const texts = (t: TestApp) =>
      t.db.$client.prepare("SELECT u.serial_number, u.model, e.type, e.data FROM units u LEFT JOIN events e ON e.unit_id = u.id ORDER BY u.serial_number, e.seq").all();
    expect(texts(target)).toEqual(texts(source));
    expect(texts(target)).toContainEqual(expect.objectContaining({ serial_number: '=HYPERLINK("http://x.test","open")', model: '+Model' }));
    const again = { units: (await target.as('viewer').get('/api/v1/units?format=csv')).text, events: (await target.as('viewer').get('/api/v1/events?format=csv')).text };
    expect(comparable(again.units, again.events)).toEqual(comparable(units.text, events.text));
  });

  it('when units are exported with filters, then only matching units are written, oldest first with order=asc, with the import header first', async () => {
    const t = createTestApp();
    await buildLedger(t);
    const res = await t.as('viewer').get('/api/v1/units?format=csv&state=closed&limit=1&order=asc');
    const rows = rowsOf(res.text);
    expect(rows.map((r) => [r.serialNumber, r.state, r.remainingKg])).toEqual([
      ['R-1', 'closed', '0'],
      ['H-1', 'closed', '0'],
    ]);
    expect(res.text.split('\n')[0]).toBe(
      'serialNumber,category,modality,model,massKg,massSource,originCountry,siteCode,receivedAt,returnChannel,dataBearing,id,region,state,route,refurbishedKg,harvestedKg,recycledKg,reusedKg,landfilledKg,energyRecoveredKg,remainingKg,closedAt,createdAt,weeeCategory,incineratedKg,otherDisposalKg',
    );
    expect(rows[1]).toMatchObject({ harvestedKg: '300.125', recycledKg: '1500', landfilledKg: '199.875', modality: '', dataBearing: 'false' });
    expect(rows[0]).toMatchObject({ dataBearing: 'true' });
  });

  it('when the events export is asked without format=csv, then it is refused', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/events');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
  });
});
