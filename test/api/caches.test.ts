import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { ReadCache } from '../../src/db/read-cache.js';
import type { Deps } from '../../src/http/context.js';
import { defaultIdMaker } from '../../src/ids.js';
import { createSite } from '../../src/modules/sites/sites.service.js';
import { createVendor } from '../../src/modules/vendors/vendors.service.js';
import type { CreateVendorInput } from '../../src/modules/vendors/vendors.schemas.js';
import { createTestApp } from '../helpers/test-app.js';
import { addEvents, createUnit, sanitized, unitBody, vendorBody } from '../helpers/factories.js';

// The service and another writer on one database file, each with its own connection (an
// import's worker thread, the CLI, a second process): what the other commits, the service
// must see on its very next request, though it keeps sites, vendors and keys in memory.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-caches-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function twoConnections(name: string) {
  const file = path.join(dir, name);
  const a = createTestApp({}, { db: openDatabase(file) });
  const db = openDatabase(file);
  const other: Deps = { db, config: loadConfig({}), clock: a.clock, newId: defaultIdMaker, cache: new ReadCache(db) };
  return { a, other, ctx: { actor: null, requestId: 'other' } };
}

describe('in-memory caches and another connection', () => {
  it('when a site is created through another connection, then a unit received there is accepted on the next request', async () => {
    const { a, other, ctx } = twoConnections('sites.db');
    await createUnit(a, { siteCode: 'HU-EROC' }); // a has read its sites
    createSite(other, ctx, { code: 'PL-WRO', name: 'Wrocław', country: 'PL' });
    const res = await a.as('operator').post('/api/v1/units', unitBody({ siteCode: 'PL-WRO' }));
    expect(res.status).toBe(201);
    expect(a.db.$client.prepare("SELECT count(*) FROM units WHERE site_code = 'PL-WRO'").pluck().get()).toBe(1);
  });

  it('when a vendor is registered through another connection, then an event naming it is accepted on the next request', async () => {
    const { a, other, ctx } = twoConnections('vendors.db');
    const unit = await createUnit(a, { category: 'ultrasound', modality: undefined, massKg: 100 });
    await addEvents(a, unit.id, [{ type: 'assessed', occurredAt: '2024-03-02', grade: 'D', route: 'recycle' }, sanitized('2024-03-02')]);
    const recycle = { type: 'recycled', occurredAt: '2024-03-03', massKg: 10, material: 'mixed', vendorCode: 'R-9' };
    const before = await a.as('operator').post(`/api/v1/units/${unit.id}/events`, recycle);
    expect(before.status).toBe(400); // unknown vendor, and a has read its vendors
    createVendor(other, ctx, vendorBody({ code: 'R-9' }) as CreateVendorInput);
    const after = await a.as('operator').post(`/api/v1/units/${unit.id}/events`, recycle);
    expect(after.status).toBe(201);
    expect(after.body.vendorCode).toBe('R-9');
  });
});
