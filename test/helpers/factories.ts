import type { TestApp } from './test-app.js';

export const unitBody = (over: Record<string, unknown> = {}) => ({
  serialNumber: `SN-${Math.random().toString(36).slice(2, 10)}`,
  category: 'imaging',
  modality: 'CT',
  model: 'Revolution EVO',
  massKg: 2000,
  originCountry: 'DE',
  siteCode: 'HU-EROC',
  receivedAt: '2024-03-01',
  returnChannel: 'trade_in',
  ...over,
});

/** A data_sanitized event (NIST purge of one disk), as a floor records it before a unit may leave. */
export const sanitized = (occurredAt: string, over: Record<string, unknown> = {}) => ({
  type: 'data_sanitized',
  occurredAt,
  method: 'purge',
  standard: 'NIST SP 800-88r1',
  media: [{ kind: 'hdd', serial: 'WD-1234' }],
  verifiedBy: 'QA lead',
  ...over,
});

/** Creates a unit through the API as an operator and returns its body; fails the test on error. */
export async function createUnit(t: TestApp, over: Record<string, unknown> = {}) {
  const res = await t.as('operator').post('/api/v1/units', unitBody(over));
  if (res.status !== 201) throw new Error(`createUnit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; state: string; massBalance: Record<string, number> } & Record<string, unknown>;
}

export async function addEvent(t: TestApp, unitId: string, body: Record<string, unknown>) {
  return t.as('operator').post(`/api/v1/units/${unitId}/events`, body);
}

/** Appends events and fails the test at the first refusal. */
export async function addEvents(t: TestApp, unitId: string, bodies: Record<string, unknown>[]) {
  const out = [];
  for (const b of bodies) {
    const res = await addEvent(t, unitId, b);
    if (res.status !== 201) throw new Error(`event ${JSON.stringify(b)} failed: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(res.body);
  }
  return out;
}

/** A vendor body: a recycler certified R2v3 for 2023–2025 unless told otherwise. */
export const vendorBody = (over: Record<string, unknown> = {}) => ({
  code: 'GLMR-US',
  name: 'Great Lakes Metals Recycling',
  country: 'US',
  kinds: ['recycler'],
  certifications: [{ scheme: 'R2v3', certificateNo: 'R2-104-2023', validFrom: '2023-01-01', validTo: '2025-12-31' }],
  ...over,
});

/** Registers a vendor through the API as an operator; fails the test on error. */
export async function createVendor(t: TestApp, over: Record<string, unknown> = {}) {
  const res = await t.as('operator').post('/api/v1/vendors', vendorBody(over));
  if (res.status !== 201) throw new Error(`createVendor failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { code: string } & Record<string, unknown>;
}
