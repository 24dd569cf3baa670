/**
 * incinerated and disposed_other (v1.2), the two outflows added as entries of the outflow
 * list: everything they do, from the lifecycle to the KPIs, comes from their entries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidenceLines } from '../../src/verifier/verify-evidence.js';
import { addEvent, addEvents, createUnit, createVendor, sanitized } from '../helpers/factories.js';
import { createTestApp, dump, type TestApp } from '../helpers/test-app.js';
import { eventsCsv, postCsv } from './import-helpers.js';

let t: TestApp;
const ids: Record<string, string> = {};
const events: Record<string, string> = {};

/** A unit without patient data, assessed for recycling. */
async function dismantlable(over: Record<string, unknown> = {}) {
  const u = await createUnit(t, { dataBearing: false, massKg: 1000, receivedAt: '2024-03-01', ...over });
  await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'landfill' }]);
  return u;
}

beforeAll(async () => {
  t = createTestApp();
  await createVendor(t, { code: 'INC-HU', name: 'Dorog clinical waste incinerator', country: 'HU', kinds: ['incineration'], certifications: [] });
  await createVendor(t, { code: 'RAD-DE', name: 'Licensed radioactive-waste handler', country: 'DE', kinds: ['disposal'], certifications: [] });
  await createVendor(t, { code: 'GLMR-US' });
  // 2024, one unit of 1,000 kg: 600 recycled, 100 energy-recovered, 50 incinerated, 150 landfilled, 100 otherwise disposed of.
  const u = await dismantlable();
  ids.u = u.id;
  const [rec, , inc, , oth] = await addEvents(t, u.id, [
    { type: 'recycled', occurredAt: '2024-03-03', massKg: 600, material: 'ferrous', vendorCode: 'GLMR-US' },
    { type: 'energy_recovered', occurredAt: '2024-03-04', massKg: 100 },
    { type: 'incinerated', occurredAt: '2024-03-05', massKg: 50, vendorCode: 'INC-HU', wasteCode: '18 01 03*' },
    { type: 'landfilled', occurredAt: '2024-03-06', massKg: 150, reason: 'Composite panels' },
    { type: 'disposed_other', occurredAt: '2024-03-07', massKg: 100, operation: 'D9', reason: 'Ge-68 sealed source to a licensed handler', vendorCode: 'RAD-DE', radioactive: true, hazardous: true },
  ]);
  events.rec = (rec as { id: string }).id;
  events.inc = (inc as { id: string }).id;
  events.oth = (oth as { id: string }).id;
});

describe('incinerated and disposed_other on the ledger', () => {
  it('when a unit is assessed or dismantling, then both are offered next where landfilled is, and the last of them closes the unit', async () => {
    const fresh = await dismantlable();
    const next = (await t.as('viewer').get(`/api/v1/units/${fresh.id}`)).body.allowedNext as string[];
    expect(next).toEqual(expect.arrayContaining(['landfilled', 'incinerated', 'disposed_other']));
    expect(next.indexOf('incinerated')).toBe(next.indexOf('energy_recovered') + 1);
    expect(next.at(-1)).toBe('voided');
    const u = (await t.as('viewer').get(`/api/v1/units/${ids.u}`)).body;
    expect(u.state).toBe('closed');
    expect(u.closedAt).toBe('2024-03-07');
    expect(u.massBalance).toEqual({
      intakeKg: 1000, refurbishedKg: 0, harvestedKg: 0, recycledKg: 600, landfilledKg: 150, energyRecoveredKg: 100,
      incineratedKg: 50, otherDisposalKg: 100, reusedKg: 600, remainingKg: 0,
    });
  });

  it('when they are recorded, then incineration answers D10 and other disposal its operation, with their vendor’s name where it has one', async () => {
    const u = (await t.as('viewer').get(`/api/v1/units/${ids.u}`)).body;
    const byId = Object.fromEntries((u.events as { id: string }[]).map((e) => [e.id, e]));
    expect(byId[events.inc!]).toMatchObject({ type: 'incinerated', treatmentCode: 'D10', facility: 'Dorog clinical waste incinerator', wasteCode: '18 01 03*', hazardous: true, radioactive: false, massKg: 50 });
    expect(byId[events.oth!]).toMatchObject({ type: 'disposed_other', operation: 'D9', treatmentCode: 'D9', vendorCode: 'RAD-DE', hazardous: true, radioactive: true });
    expect(byId[events.oth!]).not.toHaveProperty('facility');
  });

  it('when a data-bearing unit has no sanitization, then neither may take its mass out of custody', async () => {
    const u = await createUnit(t, { massKg: 100, receivedAt: '2024-03-01' });
    await addEvents(t, u.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }]);
    for (const body of [
      { type: 'incinerated', occurredAt: '2024-03-03', massKg: 1 },
      { type: 'disposed_other', occurredAt: '2024-03-03', massKg: 1, operation: 'D15', reason: 'Storage pending' },
    ]) {
      const res = await addEvent(t, u.id, body);
      expect(res.status, body.type).toBe(409);
      expect(res.body.code).toBe('compliance.sanitization_required');
    }
    await addEvents(t, u.id, [sanitized('2024-03-03')]);
    expect((await addEvent(t, u.id, { type: 'incinerated', occurredAt: '2024-03-03', massKg: 1 })).status).toBe(201);
  });

  it('when a vendor of another kind is named, then 409 vendor.kind_mismatch; an uncertified vendor of the right kind is accepted', async () => {
    const u = await dismantlable();
    const mismatch = await addEvent(t, u.id, { type: 'incinerated', occurredAt: '2024-03-03', massKg: 1, vendorCode: 'RAD-DE' });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body).toMatchObject({ code: 'vendor.kind_mismatch', requiredKind: 'incineration' });
    const recycler = await addEvent(t, u.id, { type: 'disposed_other', occurredAt: '2024-03-03', massKg: 1, operation: 'D9', reason: 'x', vendorCode: 'GLMR-US' });
    expect(recycler.body).toMatchObject({ code: 'vendor.kind_mismatch', requiredKind: 'disposal' });
    // Certification is required only for recycled and energy_recovered: these vendors hold none.
    expect((await addEvent(t, u.id, { type: 'incinerated', occurredAt: '2024-03-03', massKg: 1, vendorCode: 'INC-HU' })).status).toBe(201);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ['incineration under a landfill code', { type: 'incinerated', treatmentCode: 'D1' }, 'treatmentCode'],
    ['incineration under R1 (that is energy recovery)', { type: 'incinerated', treatmentCode: 'R1' }, 'treatmentCode'],
    ['other disposal without an operation', { type: 'disposed_other', reason: 'x' }, 'operation'],
    ['other disposal by landfill (D1 is landfilled)', { type: 'disposed_other', operation: 'D1', reason: 'x' }, 'operation'],
    ['other disposal by incineration (D10 is incinerated)', { type: 'disposed_other', operation: 'D10', reason: 'x' }, 'operation'],
    ['other disposal under a recovery code', { type: 'disposed_other', operation: 'R5', reason: 'x' }, 'operation'],
    ['other disposal whose treatment code is not its operation', { type: 'disposed_other', operation: 'D9', treatmentCode: 'D15', reason: 'x' }, 'treatmentCode'],
    ['other disposal without a reason', { type: 'disposed_other', operation: 'D9' }, 'reason'],
    // An unknown field is named in the message at its parent's path (src/http/validate.ts).
    ['other disposal with a facility (it names its vendor instead)', { type: 'disposed_other', operation: 'D9', reason: 'x', facility: 'F' }, '(body)'],
    ['incineration of a hazardous code marked not hazardous', { type: 'incinerated', wasteCode: '18 01 03*', hazardous: false }, 'hazardous'],
  ];
  it.each(refused)('when an event has %s, then 400 names the field and nothing is stored', async (_what, body, field) => {
    const u = await dismantlable();
    const before = dump(t.db);
    const res = await addEvent(t, u.id, { occurredAt: '2024-03-03', massKg: 1, ...body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(field);
    if (field === '(body)') expect(JSON.stringify(res.body.errors)).toContain('facility');
    expect(dump(t.db)).toBe(before);
  });

  it('when the events CSV carries them, then operation is a column, good rows store what POST stores and bad cells are named by row and column', async () => {
    const u = await dismantlable();
    const header = ['unitId', 'type', 'occurredAt', 'massKg', 'operation', 'reason', 'facility', 'treatmentCode', 'radioactive'];
    const bad = eventsCsv(header, [
      { unitId: u.id, type: 'incinerated', occurredAt: '2024-03-03', massKg: 1, facility: 'Plant' },
      { unitId: u.id, type: 'disposed_other', occurredAt: '2024-03-03', massKg: 1, operation: 'D10', reason: 'x' },
      { unitId: u.id, type: 'disposed_other', occurredAt: '2024-03-03', massKg: 1, operation: 'D9', reason: 'x', treatmentCode: 'D8' },
      { unitId: u.id, type: 'incinerated', occurredAt: '2024-03-03', massKg: 1, operation: 'D9' },
    ]);
    const before = dump(t.db);
    const res = await postCsv(t, 'events', bad);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'operation'],
      [4, 'treatmentCode'],
      [5, 'operation'],
    ]);
    expect(dump(t.db)).toBe(before);
    const ok = await postCsv(t, 'events', eventsCsv(header, [
      { unitId: u.id, type: 'incinerated', occurredAt: '2024-03-03', massKg: 1, facility: 'Plant' },
      { unitId: u.id, type: 'disposed_other', occurredAt: '2024-03-03', massKg: 2, operation: 'D9', reason: 'Sealed source', radioactive: 'true' },
    ]));
    expect(ok.status).toBe(201);
    const stored = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body.events.slice(-2);
    expect(stored).toMatchObject([
      { type: 'incinerated', treatmentCode: 'D10', facility: 'Plant', massKg: 1 },
      { type: 'disposed_other', operation: 'D9', treatmentCode: 'D9', radioactive: true, massKg: 2 },
    ]);
  });
});

describe('incinerated and disposed_other through a CSV round trip', () => {
  it('when a ledger with both is exported and imported into a fresh database, then events, balances, both roll-ups and the KPIs are the same', async () => {
    const vendors = async (app: TestApp) => {
      await createVendor(app, { code: 'INC-HU', name: 'Dorog clinical waste incinerator', country: 'HU', kinds: ['incineration'], certifications: [] });
      await createVendor(app, { code: 'RAD-DE', name: 'Licensed radioactive-waste handler', country: 'DE', kinds: ['disposal'], certifications: [] });
    };
    const source = createTestApp();
    await vendors(source);
    const u = await createUnit(source, { serialNumber: 'RT-1', dataBearing: false, massKg: 300.5, receivedAt: '2024-03-01', weeeCategory: 1 });
    await addEvents(source, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'landfill' },
      { type: 'incinerated', occurredAt: '2024-03-03', massKg: 100.25, vendorCode: 'INC-HU', wasteCode: '18 01 03*' },
      { type: 'incinerated', occurredAt: '2024-03-04', massKg: 50, facility: 'Municipal plant', wasteCode: '16 02 14' },
      { type: 'disposed_other', occurredAt: '2024-03-05', massKg: 0.25, operation: 'D9', reason: 'Ge-68 sealed source', vendorCode: 'RAD-DE', hazardous: true, radioactive: true },
      { type: 'disposed_other', occurredAt: '2024-03-06', massKg: 150, operation: 'D15', reason: 'Held for a later disposal' },
    ]);
    const units = await source.as('viewer').get('/api/v1/units?format=csv');
    const events = await source.as('viewer').get('/api/v1/events?format=csv');
    const header = events.text.split('\n')[0]!.split(',');
    for (const column of ['operation', 'treatmentCode', 'wasteCode', 'hazardous', 'radioactive']) expect(header, column).toContain(column);

    const target = createTestApp();
    await vendors(target);
    expect((await postCsv(target, 'units', units.text)).status).toBe(201);
    const imported = await postCsv(target, 'events', events.text);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ created: 5, unitsAffected: 1 });

    const unitOf = async (app: TestApp) => {
      const id = (await app.as('viewer').get('/api/v1/units?serialNumber=RT-1')).body.items[0].id;
      // Less what a new database makes anew: ids, timestamps, actors and the hash chain.
      const { id: _id, createdAt: _c, voidableEventIds: v, events: evts, ...unit } = (await app.as('viewer').get(`/api/v1/units/${id}`)).body;
      expect(v).toHaveLength(4);
      const events = (evts as Record<string, unknown>[]).map(({ id: _e, unitId: _u, recordedAt: _r, actor: _a, hash: _h, prevHash: _p, ...e }) => e);
      return { unit, events };
    };
    const [a, b] = [await unitOf(source), await unitOf(target)];
    expect(b).toEqual(a);
    expect(a.unit).toMatchObject({ state: 'closed', weeeCategory: 1, massBalance: expect.objectContaining({ incineratedKg: 150.25, otherDisposalKg: 150.25, remainingKg: 0 }) });
    expect(a.events.slice(1)).toMatchObject([
      { type: 'incinerated', treatmentCode: 'D10', vendorCode: 'INC-HU', facility: 'Dorog clinical waste incinerator', hazardous: true, radioactive: false },
      { type: 'incinerated', treatmentCode: 'D10', facility: 'Municipal plant', wasteCode: '16 02 14', hazardous: false },
      { type: 'disposed_other', operation: 'D9', treatmentCode: 'D9', vendorCode: 'RAD-DE', hazardous: true, radioactive: true, massKg: 0.25 },
      { type: 'disposed_other', operation: 'D15', treatmentCode: 'D15', hazardous: false, radioactive: false },
    ]);
    const rows = (app: TestApp, table: string) => app.db.$client.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6, 7`).all();
    for (const table of ['kpi_daily', 'outflow_daily']) expect(rows(target, table), table).toEqual(rows(source, table));
    expect(rows(source, 'outflow_daily')).toHaveLength(4);
    const [ka, kb] = await Promise.all([source, target].map((x) => x.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&format=csv')));
    expect(kb!.text).toBe(ka!.text);
    expect((await target.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31')).body.totals).toMatchObject({ incineratedKg: 150.25, otherDisposalKg: 150.25, totalKg: 300.5 });
  });
});

describe('incinerated and disposed_other in the figures (a ledger of its own, worked out by hand)', () => {
  let f: TestApp;
  beforeAll(async () => {
    f = createTestApp();
    await createVendor(f, { code: 'INC-HU', name: 'Dorog clinical waste incinerator', country: 'HU', kinds: ['incineration'], certifications: [] });
    const u = await createUnit(f, { dataBearing: false, massKg: 1000, receivedAt: '2024-03-01' });
    await addEvents(f, u.id, [
      { type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' },
      { type: 'recycled', occurredAt: '2024-03-03', massKg: 600, material: 'ferrous', recycler: 'R' },
      { type: 'energy_recovered', occurredAt: '2024-03-04', massKg: 100 },
      { type: 'incinerated', occurredAt: '2024-03-05', massKg: 50, vendorCode: 'INC-HU' },
      { type: 'landfilled', occurredAt: '2024-03-06', massKg: 150, reason: 'x' },
      { type: 'disposed_other', occurredAt: '2024-03-07', massKg: 100, operation: 'D9', reason: 'Sealed source', radioactive: true },
    ]);
  });
  const Y = { recycledKg: 600, energyRecoveredKg: 100, incineratedKg: 50, landfilledKg: 150, otherDisposalKg: 100, reusedKg: 600, totalKg: 1000, diversionRate: 0.6, recoveryRate: 0.7, unitsClosed: 1, pendingKg: 0 };

  it('when /kpis is asked for 2024, then both count in totalKg, and diversionRate and recoveryRate keep their numerators', async () => {
    const res = await f.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31');
    // reused 600 / total 1,000; recovered (600 + 100 energy) / 1,000; incineration and other disposal in neither numerator.
    expect(res.body.totals).toMatchObject(Y);
    expect(res.body.notes.totalKg).toContain('incineratedKg');
    expect(res.body.notes.totalKg).toContain('otherDisposalKg');
  });

  it('when the KPI CSV is asked, then the two new columns come last', async () => {
    const csv = await f.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31&format=csv');
    const [header, row] = csv.text.trim().split('\n');
    expect(header!.split(',').slice(-4)).toEqual(['energyRecoveredKg', 'recoveryRate', 'incineratedKg', 'otherDisposalKg']);
    expect(row!.split(',').slice(-4)).toEqual(['100', '0.7', '50', '100']);
  });

  it('when SASB is asked, then both are context beside the figure, outside it, and in totalKg', async () => {
    const res = await f.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(res.body).toMatchObject({ kg: 600, incineratedKg: 50, otherDisposalKg: 100, energyRecoveredKg: 100, landfilledKg: 150, totalKg: 1000, diversionRate: 0.6 });
    expect(res.body.notes.incineratedKg).toContain('not part of the SASB figure');
  });

  it('when the indicators and the downstream report are asked, then both outflows are in their bases', async () => {
    const ind = (await f.as('viewer').get('/api/v1/reports/indicators?year=2024')).body;
    expect(ind).toMatchObject({ preparedForReuseAndRecycledRate: 0.6, recoveryRate: 0.7, basis: { outgoingKg: 1000, incineratedKg: 50, otherDisposalKg: 100 } });
    const d = (await f.as('viewer').get('/api/v1/reports/downstream?year=2024')).body;
    expect(d.totals).toMatchObject({ outgoingKg: 1000, toVendorsKg: 50, kg: { recycled: 600, landfilled: 150, energyRecovered: 100, incinerated: 50, otherDisposal: 100 } });
    expect(d.vendors).toEqual([expect.objectContaining({ vendorCode: 'INC-HU', totalKg: 50, kg: expect.objectContaining({ incinerated: 50 }) })]);
  });

  it('when an incineration is shipped to its plant and receipted, then it cannot be voided any more', async () => {
    const unit = (await f.as('viewer').get('/api/v1/units?limit=1')).body.items[0];
    const inc = (await f.as('viewer').get(`/api/v1/units/${unit.id}`)).body.events.find((e: { type: string }) => e.type === 'incinerated');
    const s = await f.as('operator').post('/api/v1/shipments', { vendorCode: 'INC-HU', shippedAt: '2024-03-10', eventIds: [inc.id] });
    expect(s.status).toBe(201);
    expect((await f.as('operator').post(`/api/v1/shipments/${s.body.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 49.8, certificateRef: 'COD-1' })).status).toBe(201);
    const v = await addEvent(f, unit.id, { type: 'voided', occurredAt: '2024-03-20', eventId: inc.id, reason: 'x' });
    expect(v.body.code).toBe('shipment.receipted');
  });

  it('when a v1.1 version (without the two fields) is read, then they read as 0 and no difference is invented', async () => {
    const now = (await f.as('viewer').get('/api/v1/kpis?from=2023-01-01&to=2023-12-31')).body.totals;
    const { incineratedKg: _i, otherDisposalKg: _o, ...v11 } = now;
    f.db.$client
      .prepare("INSERT INTO period_versions (year, version, published_at, published_by, note, figures) VALUES (2023, 1, '2025-01-31T00:00:00.000Z', 'key_old', 'v1.1', ?)")
      .run(JSON.stringify(v11));
    const p = (await f.as('viewer').get('/api/v1/periods/2023')).body;
    expect(p.versions[0].figures).toEqual({ ...v11, incineratedKg: 0, otherDisposalKg: 0 });
    expect(p.differences).toEqual({});
  });

  it('when 2024 is locked and its evidence verified, then the two outflows replay into the published figures', async () => {
    const lock = await f.as('esg').post('/api/v1/periods/2024/lock', {});
    expect(lock.body.figures).toMatchObject(Y);
    const res = await f.as('esg').get('/api/v1/periods/2024/evidence').buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    const verdict = await verifyEvidenceLines((res.body as string).split('\n'));
    expect(verdict.failure).toBeNull();
    expect(verdict.figures.filter((x) => x.field === 'incineratedKg' || x.field === 'otherDisposalKg')).toEqual([
      { field: 'incineratedKg', published: 50, recomputed: 50 },
      { field: 'otherDisposalKg', published: 100, recomputed: 100 },
    ]);
  });
});
