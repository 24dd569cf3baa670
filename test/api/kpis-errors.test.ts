import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';

const t = createTestApp();

/** Every refusal is RFC 9457 problem+json with a stable code and the field at fault. */
async function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string, path?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `urn:circularity:problem:${code}` });
  expect(typeof res.body.detail).toBe('string');
  if (path) expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
}

describe('bad input to the reporting routes', () => {
  describe.each([
    ['groupBy=week', 'query.groupBy', /must be one of year, quarter, month, region, category, modality, site/],
    ['from=2024-02-30', 'query.from', /real date/],
    ['from=2024-13-01', 'query.from', /real date/],
    ['from=24-01-01', 'query.from', /real date/],
    ['from=2024-12-31&to=2024-01-01', 'query.to', /must not be before from \(2024-12-31\)/],
    ['from=1989-12-31', 'query.from', /must not be before 1990-01-01/],
    ['to=2101-01-01', 'query.to', /1990–2100/],
    ['includeChina=yes', 'query.includeChina', /true or false/],
    ['format=xml', 'query.format', /json or csv/],
    ['category=cars', 'query.category', /must be one of/],
    ['region=MARS', 'query.region', /must be one of/],
    ['region=CHINA', 'query.region', /includeChina=true/],
    ['groupBy=year&groupBy=month', 'query.groupBy', /.+/],
    ['colour=blue', 'query', /unknown field "colour"; the fields are: from, to, groupBy/],
    ['siteCode=XX-NOPE', 'query.siteCode', /unknown site "XX-NOPE"/],
  ])('GET /kpis?%s', (qs, path, message) => {
    it(`when asked, then 400 validation.failed names ${path}`, async () => {
      const res = await t.as('viewer').get(`/api/v1/kpis?${qs}`);
      await expectProblem(res, 400, 'validation.failed', path);
      expect((res.body.errors as { path: string; message: string }[]).find((e) => e.path === path)!.message).toMatch(message);
    });
  });

  describe.each([
    ['get', '/api/v1/periods/1989'],
    ['get', '/api/v1/periods/2101'],
    ['get', '/api/v1/periods/20x4'],
    ['get', '/api/v1/periods/2024.5'],
    ['get', '/api/v1/periods/2e3'],
    ['post', '/api/v1/periods/1989/lock'],
    ['post', '/api/v1/periods/2101/unlock'],
  ] as const)('%s %s', (method, url) => {
    it('when the year is outside 1990–2100 or not a year, then 400 names params.year', async () => {
      const res = method === 'get' ? await t.as('admin').get(url) : await t.as('admin').post(url, { reason: 'x' });
      await expectProblem(res, 400, 'validation.failed', 'params.year');
    });
  });

  describe.each([
    ['', 'query.year'],
    ['year=1989', 'query.year'],
    ['year=2024&scope=all', 'query'],
  ])('GET /reports/sasb/hc-ms-410a-2?%s', (qs, path) => {
    it(`when asked, then 400 names ${path}`, async () => {
      await expectProblem(await t.as('viewer').get(`/api/v1/reports/sasb/hc-ms-410a-2?${qs}`), 400, 'validation.failed', path);
    });
  });

  it.each([
    ['an unknown field', { note: 'x', force: true }, '(body)'],
    ['a note that is not text', { note: 42 }, 'note'],
  ])('when a lock body has %s, then 400 and nothing is locked', async (_name, body, path) => {
    await expectProblem(await t.as('esg').post('/api/v1/periods/2024/lock', body), 400, 'validation.failed', path);
    expect(t.db.$client.prepare('SELECT count(*) FROM period_locks').pluck().get()).toBe(0);
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
  ])('when an unlock has %s, then 400 names reason', async (_name, body) => {
    await expectProblem(await t.as('admin').post('/api/v1/periods/2024/unlock', body), 400, 'validation.failed', 'reason');
  });

  it('when no key is sent, then 401', async () => {
    await expectProblem(await t.agent.get('/api/v1/kpis'), 401, 'auth.missing_key');
  });

  it.each([
    ['viewer', 'lock'],
    ['operator', 'lock'],
    ['esg', 'unlock'],
  ] as const)('when %s tries to %s, then 403', async (role, action) => {
    await expectProblem(await t.as(role).post(`/api/v1/periods/2024/${action}`, action === 'unlock' ? { reason: 'x' } : {}), 403, 'auth.forbidden');
  });
});
