import { beforeEach, describe, expect, it } from 'vitest';
import { addEvent, addEvents, createUnit, createVendor } from '../helpers/factories.js';
import { createTestApp, dump, tableCounts, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
/** Events of one unit: r1, r2 recycled to R-1, l1 landfilled to LF-1, x1 recycled to R-2, f1 recycled with free text, h1 a harvested part. */
let ev: Record<'r1' | 'r2' | 'l1' | 'x1' | 'f1' | 'h1', string>;
let unitId: string;

const post = (path: string, body: unknown) => t.as('operator').post(`/api/v1${path}`, body);
const get = (path: string) => t.as('viewer').get(`/api/v1${path}`);
const sql = (q: string, ...p: unknown[]) => t.db.$client.prepare(q).all(...p);

beforeEach(async () => {
  t = createTestApp();
  await createVendor(t, { code: 'R-1', name: 'Recycler One', kinds: ['recycler', 'landfill'] });
  await createVendor(t, { code: 'R-2', name: 'Recycler Two' });
  await createVendor(t, { code: 'LF-1', name: 'Landfill One', kinds: ['landfill'], certifications: [] });
  const u = await createUnit(t, { dataBearing: false, massKg: 2000, receivedAt: '2024-03-01' });
  unitId = u.id;
  const [, h1, r1, r2, l1, x1, f1] = await addEvents(t, unitId, [
    { type: 'assessed', occurredAt: '2024-03-02', grade: 'C', route: 'harvest' },
    { type: 'part_harvested', occurredAt: '2024-03-03', partNumber: 'P-1', massKg: 10, destination: 'service_stock' },
    { type: 'recycled', occurredAt: '2024-03-04', massKg: 1000.5, material: 'ferrous', vendorCode: 'R-1' },
    { type: 'recycled', occurredAt: '2024-03-05', massKg: 400, material: 'copper', vendorCode: 'R-1' },
    { type: 'landfilled', occurredAt: '2024-03-06', massKg: 50.25, reason: 'residue', vendorCode: 'LF-1' },
    { type: 'recycled', occurredAt: '2024-03-07', massKg: 100, material: 'electronics', vendorCode: 'R-2' },
    { type: 'recycled', occurredAt: '2024-03-08', massKg: 20, material: 'plastics', recycler: 'Local scrap yard' },
  ]);
  ev = { r1: r1.id, r2: r2.id, l1: l1.id, x1: x1.id, f1: f1.id, h1: h1.id };
});

describe('the shipment lifecycle', () => {
  it('when events are shipped, receipted and one of them voided, then each step is stored, audited and answered as the contract says', async () => {
    // Unshipped: what the operator picks from.
    const pick = await get('/vendors/R-1/unshipped-events');
    expect(pick.status).toBe(200);
    expect(pick.body.items.map((e: { eventId: string }) => e.eventId)).toEqual([ev.r1, ev.r2]);
    expect(pick.body.items[0]).toMatchObject({ unitId, type: 'recycled', occurredAt: '2024-03-04', massKg: 1000.5, material: 'ferrous', serialNumber: expect.any(String) });

    const created = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1, ev.r2], reference: 'WB-778' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toEqual({
      id: expect.stringMatching(/^shp_/),
      vendorCode: 'R-1',
      vendorName: 'Recycler One',
      shippedAt: '2024-03-10',
      reference: 'WB-778',
      eventIds: [ev.r1, ev.r2],
      voidedEventIds: [],
      shippedKg: 1400.5,
      receipt: null,
      varianceKg: null,
      varianceShare: null,
      status: 'open',
      createdAt: '2026-06-15T12:00:00.000Z',
      createdBy: expect.stringMatching(/^key_/),
    });
    expect(sql('SELECT event_id, shipment_id, position FROM shipment_events ORDER BY position')).toEqual([
      { event_id: ev.r1, shipment_id: id, position: 0 },
      { event_id: ev.r2, shipment_id: id, position: 1 },
    ]);
    expect((await get('/vendors/R-1/unshipped-events')).body.items).toEqual([]);
    expect((await get(`/shipments/${id}`)).body).toEqual(created.body);

    const receipt = await post(`/shipments/${id}/receipt`, { receivedAt: '2024-03-14', receivedKg: 1392.75, certificateRef: 'COR-2024-0311' });
    expect(receipt.status).toBe(201);
    expect(receipt.body).toMatchObject({
      status: 'receipted',
      shippedKg: 1400.5,
      receipt: { receivedAt: '2024-03-14', receivedKg: 1392.75, certificateRef: 'COR-2024-0311', recordedAt: '2026-06-15T12:00:00.000Z' },
      varianceKg: -7.75,
      varianceShare: -0.0055,
    });
    expect(sql('SELECT shipment_id, received_g, certificate_ref FROM shipment_receipts')).toEqual([
      { shipment_id: id, received_g: 1_392_750, certificate_ref: 'COR-2024-0311' },
    ]);

    // The vendor signed for these events: voiding one is refused, and nothing changes.
    const before = dump(t.db);
    const counts = tableCounts(t.db);
    const voided = await addEvent(t, unitId, { type: 'voided', occurredAt: '2024-03-20', eventId: ev.r2, reason: 'wrong weight' });
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({ code: 'shipment.receipted', shipmentId: id });
    expect(voided.body.detail).toContain(ev.r2);
    expect(dump(t.db)).toBe(before);
    expect(tableCounts(t.db)).toEqual(counts);

    expect(sql("SELECT action, entity_id FROM audit_log WHERE entity_type = 'shipment' ORDER BY seq")).toEqual([
      { action: 'shipment.create', entity_id: id },
      { action: 'shipment.receipt', entity_id: id },
    ]);
  });

  it('when the receipt is recorded a second time, then 409 shipment.already_receipted and the first stays', async () => {
    const { body: s } = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] });
    await post(`/shipments/${s.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 1000, certificateRef: 'COR-1' });
    const before = dump(t.db);
    const again = await post(`/shipments/${s.id}/receipt`, { receivedAt: '2024-03-13', receivedKg: 999, certificateRef: 'COR-2' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'shipment.already_receipted', shipmentId: s.id });
    expect(again.body.detail).toContain('COR-1');
    expect(dump(t.db)).toBe(before);
  });

  it('when a receipt is replayed with its Idempotency-Key, then the first answer comes back instead of a 409', async () => {
    const { body: s } = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] });
    const send = () => post(`/shipments/${s.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 1000, certificateRef: 'COR-1' }).set('Idempotency-Key', 'rcpt-1');
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(tableCounts(t.db).shipment_receipts).toBe(1);
  });

  it('when POST /shipments is replayed with its Idempotency-Key, then one shipment exists; the same key with another body is refused', async () => {
    const body = { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] };
    const send = (b: object) => post('/shipments', b).set('Idempotency-Key', 'ship-1');
    const a = await send(body);
    const b = await send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    const c = await send({ ...body, eventIds: [ev.r2] });
    expect([c.status, c.body.code]).toEqual([409, 'idempotency.mismatch']);
    expect(tableCounts(t.db)).toMatchObject({ shipments: 1, shipment_events: 1 });
  });

  it('when an event of an open shipment is voided, then the void is accepted and the shipment no longer counts its mass', async () => {
    const { body: s } = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1, ev.r2] });
    const v = await addEvent(t, unitId, { type: 'voided', occurredAt: '2024-03-11', eventId: ev.r2, reason: 'double entry' });
    expect(v.status).toBe(201);
    const after = (await get(`/shipments/${s.id}`)).body;
    expect(after).toMatchObject({ eventIds: [ev.r1, ev.r2], voidedEventIds: [ev.r2], shippedKg: 1000.5, status: 'open' });
    // A voided event cannot go into another shipment.
    const again = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-12', eventIds: [ev.r2] });
    expect(again.body).toMatchObject({ status: 409, code: 'shipment.event_conflict' });
  });

  it('when shipments are listed, then newest come first, filtered by vendor and status', async () => {
    const a = (await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] })).body;
    const b = (await post('/shipments', { vendorCode: 'LF-1', shippedAt: '2024-03-10', eventIds: [ev.l1] })).body;
    const c = (await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-11', eventIds: [ev.r2] })).body;
    await post(`/shipments/${a.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 1000, certificateRef: 'COR-1' });
    const ids = async (qs: string) => (await get(`/shipments${qs}`)).body.items.map((s: { id: string }) => s.id);
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids('?order=asc')).toEqual([a.id, b.id, c.id]);
    expect(await ids('?vendorCode=R-1')).toEqual([c.id, a.id]);
    expect(await ids('?status=receipted')).toEqual([a.id]);
    expect(await ids('?status=open&vendorCode=R-1')).toEqual([c.id]);
    const page1 = (await get('/shipments?limit=2')).body;
    const page2 = (await get(`/shipments?limit=2&cursor=${page1.nextCursor}`)).body;
    expect([...page1.items, ...page2.items].map((s: { id: string }) => s.id)).toEqual([c.id, b.id, a.id]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe('refusals of POST /shipments', () => {
  it.each([
    ['an event of another vendor', () => ['R-1', [ev.r1, ev.x1]], 'eventIds[1]', 'names vendor R-2, not R-1'],
    ['an event that names no vendor', () => ['R-1', [ev.f1]], 'eventIds[0]', 'names no vendor'],
    ['a harvested part', () => ['R-1', [ev.h1]], 'eventIds[0]', 'is a "part_harvested" event'],
  ] as const)('when the shipment would carry %s, then 409 shipment.event_conflict lists it and nothing is stored', async (_case, args, path, why) => {
    const [vendorCode, eventIds] = args();
    const before = dump(t.db);
    const counts = tableCounts(t.db);
    const res = await post('/shipments', { vendorCode, shippedAt: '2024-03-20', eventIds });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('shipment.event_conflict');
    expect(res.body.errors).toEqual([{ path, message: expect.stringContaining(why) }]);
    expect(dump(t.db)).toBe(before);
    expect(tableCounts(t.db)).toEqual(counts);
  });

  it('when an event is already in another shipment, then 409 names that shipment', async () => {
    const first = (await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] })).body;
    const res = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r2, ev.r1] });
    expect(res.body).toMatchObject({ status: 409, code: 'shipment.event_conflict', conflictingEventIds: [ev.r1] });
    expect(res.body.errors[0].message).toContain(`already in shipment ${first.id}`);
    expect(tableCounts(t.db)).toMatchObject({ shipments: 1, shipment_events: 1 });
  });

  it.each([
    ['an unknown vendor', () => ({ vendorCode: 'NOPE', shippedAt: '2024-03-10', eventIds: [ev.r1] }), 'vendorCode'],
    ['an unknown event', () => ({ vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1, 'evt_nope'] }), 'eventIds[1]'],
    ['a date in the future', () => ({ vendorCode: 'R-1', shippedAt: '2026-06-16', eventIds: [ev.r1] }), 'shippedAt'],
    ['a date before an event it carries', () => ({ vendorCode: 'R-1', shippedAt: '2024-03-04', eventIds: [ev.r1, ev.r2] }), 'shippedAt'],
    ['the same event twice', () => ({ vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1, ev.r1] }), 'eventIds.1'],
    ['no events', () => ({ vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [] }), 'eventIds'],
  ])('when the body has %s, then 400 on %s and nothing is stored', async (_case, body, path) => {
    const before = dump(t.db);
    const res = await post('/shipments', body());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(dump(t.db)).toBe(before);
  });

  it('when the shipment is unknown, then GET and the receipt answer 404 shipment.not_found', async () => {
    const g = await get('/shipments/shp_nope');
    const r = await post('/shipments/shp_nope/receipt', { receivedAt: '2024-03-12', receivedKg: 1, certificateRef: 'C' });
    expect([g.status, g.body.code, r.status, r.body.code]).toEqual([404, 'shipment.not_found', 404, 'shipment.not_found']);
    expect((await get('/vendors/NOPE/unshipped-events')).body.code).toBe('vendor.not_found');
  });

  it.each([
    ['received before it was shipped', { receivedAt: '2024-03-09', receivedKg: 1000, certificateRef: 'C' }, 'receivedAt'],
    ['received in the future', { receivedAt: '2026-06-16', receivedKg: 1000, certificateRef: 'C' }, 'receivedAt'],
    ['a fourth decimal', { receivedAt: '2024-03-12', receivedKg: 1000.0001, certificateRef: 'C' }, 'receivedKg'],
    ['no certificate reference', { receivedAt: '2024-03-12', receivedKg: 1000 }, 'certificateRef'],
  ])('when a receipt is %s, then 400 on %s and the shipment stays open', async (_case, body, path) => {
    const { body: s } = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] });
    const res = await post(`/shipments/${s.id}/receipt`, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await get(`/shipments/${s.id}`)).body.status).toBe('open');
    expect(tableCounts(t.db).shipment_receipts).toBe(0);
  });

  it('when anyone edits a shipment, its events or its receipt in the database, then the triggers refuse', async () => {
    const { body: s } = await post('/shipments', { vendorCode: 'R-1', shippedAt: '2024-03-10', eventIds: [ev.r1] });
    await post(`/shipments/${s.id}/receipt`, { receivedAt: '2024-03-12', receivedKg: 1000, certificateRef: 'C' });
    const run = (q: string) => () => t.db.$client.prepare(q).run();
    for (const table of ['shipments', 'shipment_events', 'shipment_receipts']) {
      expect(run(`DELETE FROM ${table}`)).toThrow(/append-only/);
    }
    expect(run("UPDATE shipment_receipts SET received_g = 1400500")).toThrow(/append-only/);
    expect(run(`INSERT INTO shipment_events (event_id, shipment_id, position) VALUES ('${ev.r1}', '${s.id}', 5)`)).toThrow(/append-only/);
  });
});
