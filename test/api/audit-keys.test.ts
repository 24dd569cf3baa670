import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';

// Issue 19: GET /audit (any role) listed every key's id, name and role from the
// key-creation entries, while GET /keys is admin-only. Others now see that a key was
// created (or revoked), when and by whom, not its name or role.

type Entry = { action: string; entityType: string; entityId: string | null; actor: string | null; details: Record<string, unknown> | null };

describe('key entries in the audit log', () => {
  it('when a viewer, operator or esg key reads the audit log, then key entries show that a key was created or revoked but not its name or role; an admin sees both', async () => {
    const t = createTestApp();
    const created = await t.as('admin').post('/api/v1/keys', { name: 'Budapest floor scanner', role: 'operator' });
    expect(created.status).toBe(201);
    expect((await t.as('admin').delete(`/api/v1/keys/${created.body.id}`)).status).toBe(200);

    for (const role of ['viewer', 'operator', 'esg', 'engineer'] as const) {
      const res = await t.as(role).get('/api/v1/audit?entityType=key&limit=500');
      expect(res.status).toBe(200);
      const items = res.body.items as Entry[];
      const mine = items.filter((e) => e.entityId === created.body.id);
      expect(mine.map((e) => [e.action, e.details])).toEqual([
        ['key.create', null],
        ['key.revoke', null],
      ]);
      // Not the names, not the roles of any key, the bootstrap admin's included.
      expect(items.every((e) => e.details === null)).toBe(true);
      expect(JSON.stringify(res.body)).not.toContain('Budapest floor scanner');
    }

    const admin = await t.as('admin').get('/api/v1/audit?entityType=key&limit=500');
    const adminMine = (admin.body.items as Entry[]).filter((e) => e.entityId === created.body.id);
    expect(adminMine.map((e) => [e.action, e.details])).toEqual([
      ['key.create', { name: 'Budapest floor scanner', role: 'operator' }],
      ['key.revoke', null],
    ]);
    // What is stored is whole: only the answer to non-admins leaves it out.
    const stored = t.db.$client.prepare("SELECT details FROM audit_log WHERE action = 'key.create' AND entity_id = ?").pluck().get(created.body.id);
    expect(JSON.parse(String(stored))).toEqual({ name: 'Budapest floor scanner', role: 'operator' });
  });

  it('when a non-admin reads entries of other entities, then their details are shown as before', async () => {
    const t = createTestApp();
    expect((await t.as('admin').post('/api/v1/sites', { code: 'BR-RC', name: 'São Paulo centre', country: 'BR' })).status).toBe(201);
    const res = await t.as('viewer').get('/api/v1/audit?entityType=site');
    expect((res.body.items as Entry[]).at(-1)).toMatchObject({ action: 'site.create', details: { code: 'BR-RC', name: 'São Paulo centre', country: 'BR' } });
  });
});
