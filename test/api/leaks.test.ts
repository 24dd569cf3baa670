import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { quoteValue } from '../../src/domain/quote.js';

// Issue 10, finding 12: what answers and the audit log must not give away or hold whole.

const HEADER = 'serialNumber,category,modality,model,massKg,originCountry,siteCode,receivedAt,returnChannel';

describe('leaks', () => {
  it('when a CSV cell of 5 MB is refused, then the 400 quotes its start and its length, not the whole cell', async () => {
    const t = createTestApp();
    const huge = `9${'x'.repeat(5_000_000)}`;
    const res = await t
      .as('operator')
      .post('/api/v1/imports/units')
      .set('Content-Type', 'text/csv')
      .send(`${HEADER}\nA-1,imaging,CT,M,${huge},DE,HU-EROC,2024-01-01,trade_in\n`);
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(5_000);
    const err = res.body.errors.find((e: { column: string }) => e.column === 'massKg');
    expect(err.message).toBe(`must be a number such as 1234.5 (got "9${'x'.repeat(39)}…" (5,000,001 characters))`);
  });

  it('when any message would be longer than 1,000 characters, then the problem document cuts it and says so', async () => {
    const t = createTestApp();
    const res = await t.as('operator').post('/api/v1/units').send({ serialNumber: 'S', [`f${'x'.repeat(20_000)}`]: 1 });
    expect(res.status).toBe(400);
    expect(res.body.detail.length).toBeLessThan(1_100);
    for (const e of res.body.errors) expect(e.message.length).toBeLessThan(1_100);
    expect(res.text).toContain('message cut at 1000');
  });

  it.each([
    ['longer than 128 characters', 'r'.repeat(129)],
    ['holding a space', 'two words'],
    ['holding a quote and a tag', '"><script>'],
    ['holding a line break', 'a\u0085b'],
  ])('when X-Request-Id is %s, then a server-made id is used and stored instead', async (_what, given) => {
    const t = createTestApp();
    const res = await t.as('operator').post('/api/v1/sites', {}).set('X-Request-Id', given);
    expect(res.headers['x-request-id']).toMatch(/^req_[0-9A-Za-z]{16}$/);
    const created = await t.as('admin').post('/api/v1/sites', { code: 'XR-1', name: 'Request id test', country: 'DE' }).set('X-Request-Id', given);
    expect(created.status).toBe(201);
    const stored = t.db.$client.prepare("SELECT request_id FROM audit_log WHERE entity_id = 'XR-1'").pluck().get() as string;
    expect(stored).toBe(created.headers['x-request-id']);
    expect(stored).not.toBe(given);
    expect(stored).toMatch(/^req_[0-9A-Za-z]{16}$/);
  });

  it('when X-Request-Id is a plain id of up to 128 characters, then it is kept end to end', async () => {
    const t = createTestApp();
    const given = `trace-${'a'.repeat(122)}`;
    const created = await t.as('admin').post('/api/v1/sites', { code: 'XR-2', name: 'Request id test', country: 'DE' }).set('X-Request-Id', given);
    expect(created.headers['x-request-id']).toBe(given);
    expect(t.db.$client.prepare("SELECT request_id FROM audit_log WHERE entity_id = 'XR-2'").pluck().get()).toBe(given);
  });

  it('when /health is asked without a key, then it says whether the service and database answer, not how big the database is', async () => {
    const t = createTestApp();
    const res = await t.agent.get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { status: 'ok', migrations: expect.any(Number) },
      policy: { chinaExclusion: true, sanitizationRequired: true },
      time: '2026-06-15T12:00:00.000Z',
    });
  });

  it('when /health is asked with a key, then the database’s details come too; a bad key is 401', async () => {
    const t = createTestApp();
    const res = await t.as('viewer').get('/api/v1/health');
    expect(res.body.database).toMatchObject({ status: 'ok', journalMode: 'memory', sizeBytes: expect.any(Number) });
    expect((await t.agent.get('/api/v1/health').set('Authorization', 'Bearer ctk_wrong')).status).toBe(401);
  });

  it.each([
    ['short', '"short"'],
    ['é'.repeat(41), `"${'é'.repeat(40)}…" (41 characters)`],
    ['😀'.repeat(50), `"${'😀'.repeat(40)}…" (50 characters)`],
  ])('when %s is quoted, then it is %s', (value, quoted) => {
    expect(quoteValue(value)).toBe(quoted);
  });
});
