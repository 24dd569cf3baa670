import { describe, expect, it } from 'vitest';
import { unitBody } from '../helpers/factories.js';
import { createTestApp, dump } from '../helpers/test-app.js';

describe('malformed requests get problem+json and change nothing', () => {
  const t = createTestApp();
  const post = (body: string, type: string | null) => {
    const r = t.agent.post('/api/v1/units').set('Authorization', `Bearer ${t.keys.operator}`);
    if (type) r.set('Content-Type', type);
    return r.send(body);
  };

  it.each([
    ['malformed JSON', () => post('{"serialNumber": ', 'application/json'), 400, 'request.malformed_json'],
    ['a text/plain body', () => post(JSON.stringify(unitBody()), 'text/plain'), 415, 'request.unsupported_media_type'],
    ['a form body', () => post('a=b', 'application/x-www-form-urlencoded'), 415, 'request.unsupported_media_type'],
    ['CSV sent to a JSON route', () => post('a,b\n1,2', 'text/csv'), 415, 'request.unsupported_media_type'],
    ['a body over 1 MiB', () => post(JSON.stringify({ ...unitBody(), model: 'x'.repeat(1024 * 1024) }), 'application/json'), 413, 'request.too_large'],
    ['a JSON array', () => post('[]', 'application/json'), 400, 'validation.failed'],
    ['JSON null (not an object)', () => post('null', 'application/json'), 400, 'request.malformed_json'],
  ])('when the body is %s, then %s %s', async (_n, send, status, code) => {
    const before = dump(t.db);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ status, code, type: `urn:circularity:problem:${code}`, title: expect.any(String), detail: expect.any(String) }));
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|SELECT|sqlite/i);
    expect(dump(t.db)).toBe(before);
  });

  it('when a CSV import names its path in capitals (Express routes it alike), then its CSV body is taken as on the lower-case path', async () => {
    const csv = 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel\nCAPS-1,imaging,CT,M,100,DE,HU-EROC,2024-03-01,trade_in\n';
    const res = await t.as('operator').post('/api/v1/IMPORTS/Units').set('Content-Type', 'text/csv').send(csv);
    expect([res.status, res.body.created]).toEqual([201, 1]);
  });

  it('when a route does not exist, then 404 route.not_found as problem+json', async () => {
    const res = await t.as('viewer').get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route.not_found');
  });

  it('when a request id is sent, then it is echoed and recorded in the audit log', async () => {
    const res = await t.as('operator').post('/api/v1/units', unitBody()).set('X-Request-Id', 'ops-batch-42');
    expect(res.headers['x-request-id']).toBe('ops-batch-42');
    const audit = await t.as('viewer').get(`/api/v1/audit?entityId=${res.body.id}`);
    expect(audit.body.items[0].requestId).toBe('ops-batch-42');
  });
});

describe('Idempotency-Key', () => {
  it('when the same key and body are sent twice, then the first response comes back and one unit exists', async () => {
    const t = createTestApp();
    const body = unitBody({ serialNumber: 'IDEM-1' });
    const a = await t.as('operator').post('/api/v1/units', body).set('Idempotency-Key', 'k-1');
    const b = await t.as('operator').post('/api/v1/units', { ...body }).set('Idempotency-Key', 'k-1');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(t.db.$client.prepare("SELECT count(*) n FROM units WHERE serial_number = 'IDEM-1'").get()).toEqual({ n: 1 });
  });

  it('when the same key comes with a different body, then 409 idempotency.mismatch and nothing is created', async () => {
    const t = createTestApp();
    await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'IDEM-2' })).set('Idempotency-Key', 'k-2');
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'IDEM-3' })).set('Idempotency-Key', 'k-2');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('idempotency.mismatch');
    expect(dump(t.db)).toBe(before);
  });

  it('when a keyed request is refused, then the key is free for a corrected retry', async () => {
    const t = createTestApp();
    const bad = await t.as('operator').post('/api/v1/units', unitBody({ siteCode: 'NOPE' })).set('Idempotency-Key', 'k-3');
    expect(bad.status).toBe(400);
    const good = await t.as('operator').post('/api/v1/units', unitBody()).set('Idempotency-Key', 'k-3');
    expect(good.status).toBe(201);
  });

  it('when two keys are the same string but belong to different API keys, then they do not collide', async () => {
    const t = createTestApp();
    const a = await t.as('operator').post('/api/v1/units', unitBody({ serialNumber: 'A' })).set('Idempotency-Key', 'shared');
    const b = await t.as('admin').post('/api/v1/units', unitBody({ serialNumber: 'B' })).set('Idempotency-Key', 'shared');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });
});

describe('health and audit', () => {
  it('when health is asked without a key, then ok with the database state', async () => {
    const t = createTestApp();
    const res = await t.agent.get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'ok', migrations: expect.any(Number) }, policy: { chinaExclusion: true } });
  });

  it('when the ledger or audit log is changed behind the API, then the database refuses', async () => {
    const t = createTestApp();
    const u = await t.as('operator').post('/api/v1/units', unitBody());
    await t.as('operator').post(`/api/v1/units/${u.body.id}/events`, { type: 'assessed', occurredAt: '2024-03-02', grade: 'A', route: 'recycle' });
    const sqlite = t.db.$client;
    expect(() => sqlite.prepare("UPDATE events SET occurred_at = '2020-01-01'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'forged'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(sqlite.prepare('SELECT count(*) n FROM events').get()).toEqual({ n: 1 });
  });
});
