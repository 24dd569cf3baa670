import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/http/context.js';
import { createTestApp } from '../helpers/test-app.js';

const ALL: Role[] = ['admin', 'operator', 'engineer', 'esg', 'viewer'];

/**
 * Who may call what, written out from the contract's Access section (not derived from
 * the code). Keys are "METHOD /openapi/path".
 */
export const ACCESS: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'POST /keys': ['admin'],
  'GET /keys': ['admin'],
  'DELETE /keys/{id}': ['admin'],
  'GET /me': ALL,
  'GET /sites': ALL,
  'POST /sites': ['admin'],
  'POST /units': ['admin', 'operator'],
  'GET /units': ALL,
  'GET /units/summary': ALL,
  'GET /units/{id}': ALL,
  'POST /units/{id}/events': ['admin', 'operator'],
  'GET /audit': ALL,
  'GET /factor-sets': ALL,
  'GET /factor-sets/{id}': ALL,
  'POST /factor-sets': ['admin', 'engineer'],
  'POST /estimates/magnet-upgrade': ['admin', 'engineer', 'esg'],
  'POST /estimates/magnet-upgrade/sensitivity': ['admin', 'engineer', 'esg'],
  'POST /magnet-upgrades': ['admin', 'engineer', 'operator'],
  'GET /magnet-upgrades': ALL,
  'GET /magnet-upgrades/{id}': ALL,
  'POST /magnet-upgrades/recalculate': ['admin', 'engineer'],
  'GET /kpis': ALL,
  'GET /reports/sasb/hc-ms-410a-2': ALL,
  'GET /reports/sanitization': ALL,
  'GET /units/{id}/sanitization': ALL,
  'GET /periods': ALL,
  'GET /periods/{year}': ALL,
  'POST /periods/{year}/lock': ['admin', 'esg'],
  'POST /periods/{year}/unlock': ['admin'],
  'POST /periods/{year}/boundary': ['admin', 'esg'],
  'GET /periods/{year}/evidence': ['admin', 'esg'],
  'GET /audit/verify': ['admin', 'esg'],
  'GET /reports/indicators': ALL,
  'POST /imports/units': ['admin', 'operator'],
  'POST /imports/events': ['admin', 'operator'],
  'GET /imports/units/template': ALL,
  'GET /imports/events/template': ALL,
  'GET /events': ALL,
  'POST /vendors': ['admin', 'operator'],
  'GET /vendors': ALL,
  'GET /vendors/{code}': ALL,
  'POST /vendors/{code}/certifications': ['admin', 'operator'],
  'GET /vendors/{code}/unshipped-events': ALL,
  'POST /shipments': ['admin', 'operator'],
  'GET /shipments': ALL,
  'GET /shipments/{id}': ALL,
  'POST /shipments/{id}/receipt': ['admin', 'operator'],
  'GET /reports/downstream': ALL,
};

const t = createTestApp();
const documented = Object.entries(t.openapi.paths ?? {}).flatMap(([p, ops]) =>
  Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${p}`),
);
const concrete = (route: string) => `/api/v1${route.split(' ')[1]!.replace(/\{[^}]+\}/g, 'x_unknown')}`;

describe('access control', () => {
  it('when the API is documented, then every route has a row in the access table', () => {
    expect(documented.sort()).toEqual(Object.keys(ACCESS).sort());
  });

  const cases = Object.entries(ACCESS).flatMap(([route, allowed]) =>
    ALL.map((role) => [route, role, allowed === 'public' || allowed.includes(role)] as const),
  );
  it.each(cases)('when %s is called as %s, then allowed = %s', async (route, role, allowed) => {
    const method = route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'delete';
    const res = await t.as(role)[method](concrete(route), ...(method === 'post' ? [{}] : []));
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it.each(Object.entries(ACCESS).filter(([, a]) => a !== 'public'))('when %s is called without a key, then 401 auth.missing_key', async (route) => {
    const method = route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'delete';
    const res = await t.agent[method](concrete(route));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.missing_key');
  });

  it.each(ALL)('when a %s key asks GET /me, then `may` names every documented route and is true exactly where the access table allows the role', async (role) => {
    const res = await t.as(role).get('/api/v1/me');
    expect(res.status).toBe(200);
    const expected = Object.fromEntries(Object.entries(ACCESS).map(([route, allowed]) => [route, allowed === 'public' || allowed.includes(role)]));
    expect(res.body.may).toEqual(expected);
    // The keys come in a stable order, so a client (or a diff) reads the same answer each time.
    expect(Object.keys(res.body.may)).toEqual(Object.keys(expected).sort());
  });

  it('when the key is unknown or malformed, then 401 auth.invalid_key', async () => {
    for (const header of ['Bearer ctk_nope', 'Basic abc', 'Bearer']) {
      const res = await t.agent.get('/api/v1/units').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.invalid_key');
    }
  });
});

describe('keys', () => {
  it('when an admin creates a key, then the secret is shown once, stored hashed, and works', async () => {
    const t2 = createTestApp();
    const res = await t2.as('admin').post('/api/v1/keys', { name: 'ops laptop', role: 'operator' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ops laptop', role: 'operator' });
    expect(res.body.key).toMatch(/^ctk_[A-Za-z0-9]{40}$/);
    const stored = t2.db.$client.prepare('SELECT * FROM api_keys WHERE id = ?').get(res.body.id) as Record<string, string>;
    expect(JSON.stringify(stored)).not.toContain(res.body.key);
    expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await t2.as('admin').get('/api/v1/keys');
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(res.body.id);
    const use = await t2.agent.get('/api/v1/units').set('Authorization', `Bearer ${res.body.key}`);
    expect(use.status).toBe(200);
  });

  it('when a key is revoked, then its very next request is refused', async () => {
    const t2 = createTestApp();
    const { body: k } = await t2.as('admin').post('/api/v1/keys', { name: 'temp', role: 'viewer' });
    const auth = { Authorization: `Bearer ${k.key}` };
    expect((await t2.agent.get('/api/v1/units').set(auth)).status).toBe(200);
    const del = await t2.as('admin').delete(`/api/v1/keys/${k.id}`);
    expect(del.status).toBe(200);
    expect(del.body.revokedAt).toBe('2026-06-15T12:00:00.000Z');
    const after = await t2.agent.get('/api/v1/units').set(auth);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.invalid_key');
  });

  it('when revoking an unknown key, then 404 key.not_found', async () => {
    const res = await t.as('admin').delete('/api/v1/keys/key_missing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('key.not_found');
  });

  it('when creating a key with an unknown role, then 400 naming the field', async () => {
    const res = await t.as('admin').post('/api/v1/keys', { name: 'x', role: 'root' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('role');
  });
});
