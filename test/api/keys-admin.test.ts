import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client.js';
import { ADMIN_SECRET, createTestApp, dump } from '../helpers/test-app.js';

describe('the last admin key', () => {
  it('when the only active admin key revokes itself, then 409 key.last_admin and it still works', async () => {
    const t = createTestApp();
    const keys = (await t.as('admin').get('/api/v1/keys')).body.items as Array<{ id: string; role: string }>;
    const admin = keys.find((k) => k.role === 'admin')!;
    const before = dump(t.db);
    const res = await t.as('admin').delete(`/api/v1/keys/${admin.id}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'key.last_admin', status: 409 });
    expect(res.body.detail).toContain('POST /keys');
    expect(dump(t.db)).toBe(before);
    expect((await t.as('admin').get('/api/v1/keys')).status).toBe(200);
  });

  it('when another admin key is active, then an admin key can be revoked, and the last one left cannot', async () => {
    const t = createTestApp();
    const second = (await t.as('admin').post('/api/v1/keys', { name: 'second admin', role: 'admin' })).body;
    const first = ((await t.as('admin').get('/api/v1/keys')).body.items as Array<{ id: string; name: string }>).find((k) => k.name === 'bootstrap admin')!;
    const auth = { Authorization: `Bearer ${second.key}` };
    const revoked = await t.agent.delete(`/api/v1/keys/${first.id}`).set(auth);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const last = await t.agent.delete(`/api/v1/keys/${second.id}`).set(auth);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('key.last_admin');
  });

  it('when a non-admin key is revoked, then no admin count matters', async () => {
    const t = createTestApp();
    const op = (await t.as('admin').post('/api/v1/keys', { name: 'floor', role: 'operator' })).body;
    expect((await t.as('admin').delete(`/api/v1/keys/${op.id}`)).status).toBe(200);
  });
});

describe('GET /me', () => {
  it.each(['admin', 'operator', 'engineer', 'esg', 'viewer'] as const)('when a %s key asks, then it gets its own id, name and role', async (role) => {
    const t = createTestApp();
    const res = await t.as(role).get('/api/v1/me');
    expect(res.status).toBe(200);
    const listed = ((await t.as('admin').get('/api/v1/keys')).body.items as Array<{ id: string; name: string; role: string }>).filter((k) => k.role === role);
    expect(listed).toHaveLength(1);
    expect(res.body).toMatchObject({ keyId: listed[0]!.id, name: listed[0]!.name, role });
    expect(res.body.may['GET /me']).toBe(true);
    expect(res.body.may['POST /keys']).toBe(role === 'admin');
  });

  it('when no key is sent, then 401', async () => {
    const t = createTestApp();
    expect((await t.agent.get('/api/v1/me')).status).toBe(401);
  });
});

describe('what GET /keys shows of a secret', () => {
  it('when the admin key was chosen with BOOTSTRAP_ADMIN_KEY, then nothing of it is shown; generated keys show ctk_ and 4 characters', async () => {
    const t = createTestApp();
    const created = (await t.as('admin').post('/api/v1/keys', { name: 'generated', role: 'viewer' })).body;
    const items = (await t.as('admin').get('/api/v1/keys')).body.items as Array<{ name: string; prefix: string }>;
    const bootstrap = items.find((k) => k.name === 'bootstrap admin')!;
    expect(bootstrap.prefix).toBe('');
    for (const k of items) if (k.prefix) expect(ADMIN_SECRET.startsWith(k.prefix)).toBe(false);
    const generated = items.find((k) => k.name === 'generated')!;
    expect(generated.prefix).toBe(created.key.slice(0, 8));
    expect(generated.prefix).toMatch(/^ctk_[A-Za-z0-9]{4}$/);
    const stored = t.db.$client.prepare("SELECT prefix FROM api_keys WHERE name = 'bootstrap admin'").pluck().get();
    expect(stored).toBe('');
  });
});

describe('migration 0007 on a database made before it', () => {
  it('when a bootstrap key stored the first 8 characters of its chosen secret, then the migration clears that prefix and only that one', () => {
    const t = createTestApp();
    const sqlite = t.db.$client;
    // As rows stood before: the chosen secret's first characters in the bootstrap key's prefix.
    const bootstrapId = sqlite.prepare("SELECT entity_id FROM audit_log WHERE action = 'key.bootstrap'").pluck().get() as string;
    sqlite.prepare('UPDATE api_keys SET prefix = ? WHERE id = ?').run(ADMIN_SECRET.slice(0, 8), bootstrapId);
    const generated = sqlite.prepare("SELECT id, prefix FROM api_keys WHERE id != ? AND prefix != ''").all(bootstrapId);
    const file = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_hide_chosen_key_prefix.sql'))!;
    sqlite.exec(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8'));
    expect(sqlite.prepare('SELECT prefix FROM api_keys WHERE id = ?').pluck().get(bootstrapId)).toBe('');
    expect(sqlite.prepare("SELECT id, prefix FROM api_keys WHERE id != ? AND prefix != ''").all(bootstrapId)).toEqual(generated);
    expect(generated.length).toBe(4);
  });
});
