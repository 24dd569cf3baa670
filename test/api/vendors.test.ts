import { describe, expect, it } from 'vitest';
import { createVendor, vendorBody } from '../helpers/factories.js';
import { createTestApp, dump, fixedClock, tableCounts } from '../helpers/test-app.js';

const rows = (t: ReturnType<typeof createTestApp>, sql: string) => t.db.$client.prepare(sql).all();

describe('POST /vendors', () => {
  it('when an operator registers a recycler with a certificate, then it is stored with the certificate, audited, and answered certified today', async () => {
    const t = createTestApp();
    const res = await t.as('operator').post('/api/v1/vendors', vendorBody());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      code: 'GLMR-US',
      name: 'Great Lakes Metals Recycling',
      country: 'US',
      kinds: ['recycler'],
      certifications: [
        {
          id: expect.stringMatching(/^cert_/),
          scheme: 'R2v3',
          certificateNo: 'R2-104-2023',
          validFrom: '2023-01-01',
          validTo: '2025-12-31',
          createdAt: '2026-06-15T12:00:00.000Z',
          createdBy: expect.stringMatching(/^key_/),
        },
      ],
      asOf: '2026-06-15',
      // The test clock is 2026-06-15: the 2023–2025 certificate has lapsed.
      certifiedToday: false,
      currentCertification: null,
      expiresOn: null,
      certifiedUntil: null,
      certificationStatus: 'expired',
      createdAt: '2026-06-15T12:00:00.000Z',
      createdBy: expect.stringMatching(/^key_/),
    });
    expect(rows(t, 'SELECT code, name, country, kinds FROM vendors')).toEqual([{ code: 'GLMR-US', name: 'Great Lakes Metals Recycling', country: 'US', kinds: '["recycler"]' }]);
    expect(rows(t, 'SELECT vendor_code, scheme, certificate_no, valid_from, valid_to FROM vendor_certifications')).toEqual([
      { vendor_code: 'GLMR-US', scheme: 'R2v3', certificate_no: 'R2-104-2023', valid_from: '2023-01-01', valid_to: '2025-12-31' },
    ]);
    expect(rows(t, "SELECT action, entity_type, entity_id FROM audit_log WHERE action LIKE 'vendor.%'")).toEqual([
      { action: 'vendor.create', entity_type: 'vendor', entity_id: 'GLMR-US' },
    ]);
  });

  it('when a landfill has no certificate, then it is registered with status none', async () => {
    const t = createTestApp();
    const v = await createVendor(t, { code: 'LF-US', name: 'County landfill', kinds: ['landfill'], certifications: [] });
    expect(v).toMatchObject({ certifications: [], certifiedToday: false, certificationStatus: 'none' });
  });

  it('when the code is taken, then 409 vendor.duplicate and nothing changes', async () => {
    const t = createTestApp();
    await createVendor(t);
    const before = dump(t.db);
    const counts = tableCounts(t.db);
    const res = await t.as('operator').post('/api/v1/vendors', vendorBody({ name: 'Another name' }));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'vendor.duplicate', status: 409, vendorCode: 'GLMR-US' });
    expect(res.body.detail).toContain('already exists');
    expect(dump(t.db)).toBe(before);
    expect(tableCounts(t.db)).toEqual(counts);
  });

  it.each([
    ['no kinds', { kinds: [] }, 'kinds'],
    ['an unknown kind', { kinds: ['smelter'] }, 'kinds.0'],
    ['a repeated kind', { kinds: ['recycler', 'recycler'] }, 'kinds'],
    ['a lower-case code', { code: 'glmr-us' }, 'code'],
    ['a code with a zero-width space', { code: 'GLMR\u200B' }, 'code'],
    ['an unknown country', { country: 'XX' }, 'country'],
    ['an empty name', { name: '  ' }, 'name'],
    ['an unknown scheme', { certifications: [{ scheme: 'R2', certificateNo: 'X', validFrom: '2024-01-01', validTo: '2024-12-31' }] }, 'certifications.0.scheme'],
    ['validTo before validFrom', { certifications: [{ scheme: 'R2v3', certificateNo: 'X', validFrom: '2024-01-01', validTo: '2023-12-31' }] }, 'certifications.0.validTo'],
    ['a date that does not exist', { certifications: [{ scheme: 'R2v3', certificateNo: 'X', validFrom: '2024-02-30', validTo: '2024-12-31' }] }, 'certifications.0.validFrom'],
    ['a date before 1990', { certifications: [{ scheme: 'R2v3', certificateNo: 'X', validFrom: '1989-12-31', validTo: '2024-12-31' }] }, 'certifications.0.validFrom'],
    ['a control character in the certificate number', { certifications: [{ scheme: 'R2v3', certificateNo: 'X\u0007', validFrom: '2024-01-01', validTo: '2024-12-31' }] }, 'certifications.0.certificateNo'],
    [
      'the same certificate twice',
      {
        certifications: [
          { scheme: 'R2v3', certificateNo: 'X', validFrom: '2024-01-01', validTo: '2024-12-31' },
          { scheme: 'R2v3', certificateNo: 'X', validFrom: '2024-01-01', validTo: '2024-12-31' },
        ],
      },
      'certifications.1',
    ],
    ['an unknown field', { website: 'https://example.com' }, '(body)'],
  ])('when the body has %s, then 400 names %s and nothing is stored', async (_case, over, path) => {
    const t = createTestApp();
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/vendors', vendorBody(over));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(dump(t.db)).toBe(before);
    expect(tableCounts(t.db).vendors).toBe(0);
  });

  it('when the same Idempotency-Key is replayed, then the first answer comes back and one vendor exists', async () => {
    const t = createTestApp();
    const send = () => t.as('operator').post('/api/v1/vendors', vendorBody()).set('Idempotency-Key', 'vendor-1');
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(tableCounts(t.db)).toMatchObject({ vendors: 1, vendor_certifications: 1 });
  });

  it('when anyone tries to edit or delete a vendor or a certificate in the database, then the triggers refuse', async () => {
    const t = createTestApp();
    await createVendor(t);
    const run = (sql: string) => () => t.db.$client.prepare(sql).run();
    expect(run("UPDATE vendors SET name = 'x'")).toThrow(/append-only/);
    expect(run('DELETE FROM vendors')).toThrow(/append-only/);
    expect(run("UPDATE vendor_certifications SET valid_to = '2099-12-31'")).toThrow(/append-only/);
    expect(run('DELETE FROM vendor_certifications')).toThrow(/append-only/);
  });
});

describe('GET /vendors/:code and certificates', () => {
  it('when a certificate is valid today, then the vendor is certified today and names when the current one expires', async () => {
    const t = createTestApp();
    await createVendor(t, {
      certifications: [
        { scheme: 'R2v3', certificateNo: 'R2-1', validFrom: '2024-01-01', validTo: '2026-08-31' },
        { scheme: 'ISO14001', certificateNo: 'ISO-7', validFrom: '2025-01-01', validTo: '2027-12-31' },
      ],
    });
    const res = await t.as('viewer').get('/api/v1/vendors/GLMR-US');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      certifiedToday: true,
      currentCertification: { scheme: 'ISO14001', certificateNo: 'ISO-7', validTo: '2027-12-31' },
      expiresOn: '2027-12-31',
      certifiedUntil: '2027-12-31',
      certificationStatus: 'valid',
    });
  });

  it('when the only certificate ends within 60 days, then the status is expiring; a renewal appended later makes it valid again', async () => {
    const t = createTestApp(); // today 2026-06-15
    await createVendor(t, { certifications: [{ scheme: 'e-Stewards', certificateNo: 'ES-1', validFrom: '2024-01-01', validTo: '2026-07-31' }] });
    expect((await t.as('viewer').get('/api/v1/vendors/GLMR-US')).body).toMatchObject({ certificationStatus: 'expiring', expiresOn: '2026-07-31' });

    const added = await t.as('operator').post('/api/v1/vendors/GLMR-US/certifications', {
      scheme: 'e-Stewards',
      certificateNo: 'ES-1',
      validFrom: '2026-08-01',
      validTo: '2029-07-31',
    });
    expect(added.status).toBe(201);
    expect(added.body.certifications.map((c: { validFrom: string }) => c.validFrom)).toEqual(['2024-01-01', '2026-08-01']);
    // Still the same certificate today; unbroken coverage now runs to the renewal's end.
    expect(added.body).toMatchObject({ certificationStatus: 'valid', expiresOn: '2026-07-31', certifiedUntil: '2029-07-31' });
    expect(rows(t, "SELECT action FROM audit_log WHERE action LIKE 'vendor.%' ORDER BY seq")).toEqual([
      { action: 'vendor.create' },
      { action: 'vendor.certification.add' },
    ]);
  });

  it('when the same certificate is added again, then 409 vendor.certification_duplicate and nothing changes', async () => {
    const t = createTestApp();
    await createVendor(t);
    const before = dump(t.db);
    const res = await t.as('operator').post('/api/v1/vendors/GLMR-US/certifications', vendorBody().certifications[0]);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('vendor.certification_duplicate');
    expect(dump(t.db)).toBe(before);
  });

  it('when the vendor is unknown, then GET and POST certifications answer 404 vendor.not_found', async () => {
    const t = createTestApp();
    const get = await t.as('viewer').get('/api/v1/vendors/NOPE');
    const post = await t.as('operator').post('/api/v1/vendors/NOPE/certifications', vendorBody().certifications[0]);
    expect([get.status, get.body.code, post.status, post.body.code]).toEqual([404, 'vendor.not_found', 404, 'vendor.not_found']);
    expect(tableCounts(t.db).vendor_certifications).toBe(0);
  });
});

describe('GET /vendors', () => {
  it('when vendors are listed, then newest come first, order=asc reverses, kind filters, and pages follow the cursor', async () => {
    const t = createTestApp({}, { clock: fixedClock('2024-06-01T10:00:00.000Z') });
    await createVendor(t, { code: 'R-1' });
    await createVendor(t, { code: 'LF-1', kinds: ['landfill'], certifications: [] });
    await createVendor(t, { code: 'EFW-1', kinds: ['energy_recovery', 'landfill'] });
    const codes = (b: { items: { code: string }[] }) => b.items.map((v) => v.code);
    expect(codes((await t.as('viewer').get('/api/v1/vendors')).body)).toEqual(['EFW-1', 'LF-1', 'R-1']);
    expect(codes((await t.as('viewer').get('/api/v1/vendors?order=asc')).body)).toEqual(['R-1', 'LF-1', 'EFW-1']);
    expect(codes((await t.as('viewer').get('/api/v1/vendors?kind=landfill')).body)).toEqual(['EFW-1', 'LF-1']);
    const first = (await t.as('viewer').get('/api/v1/vendors?limit=2')).body;
    expect(codes(first)).toEqual(['EFW-1', 'LF-1']);
    const second = (await t.as('viewer').get(`/api/v1/vendors?limit=2&cursor=${first.nextCursor}`)).body;
    expect([codes(second), second.nextCursor]).toEqual([['R-1'], null]);
    const statuses = (await t.as('viewer').get('/api/v1/vendors')).body.items.map((v: { certificationStatus: string }) => v.certificationStatus);
    expect(statuses).toEqual(['valid', 'none', 'valid']);
  });

  it('when vendors are listed by the event type they would take (serves), then only those of the kind that event needs come back', async () => {
    const t = createTestApp({}, { clock: fixedClock('2024-06-01T10:00:00.000Z') });
    await createVendor(t, { code: 'R-1' });
    await createVendor(t, { code: 'LF-1', kinds: ['landfill'], certifications: [] });
    await createVendor(t, { code: 'EFW-1', kinds: ['energy_recovery', 'landfill'] });
    const codes = async (q: string) => ((await t.as('viewer').get(`/api/v1/vendors?${q}`)).body.items as { code: string }[]).map((v) => v.code);
    expect(await codes('serves=recycled')).toEqual(['R-1']);
    expect(await codes('serves=landfilled')).toEqual(['EFW-1', 'LF-1']);
    expect(await codes('serves=energy_recovered')).toEqual(['EFW-1']);
    expect(await codes('serves=landfilled&kind=energy_recovery')).toEqual(['EFW-1']);
    const bad = await t.as('viewer').get('/api/v1/vendors?serves=assessed');
    expect([bad.status, bad.body.code, bad.body.errors[0].path]).toEqual([400, 'validation.failed', 'query.serves']);
  });
});
