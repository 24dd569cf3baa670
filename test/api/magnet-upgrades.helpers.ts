import type { TestApp } from '../helpers/test-app.js';

/** The seeded default set, as GET answers it. */
export async function defaultSet(t: TestApp) {
  const res = await t.as('viewer').get('/api/v1/factor-sets');
  const set = res.body.items.find((s: { isDefault: boolean }) => s.isDefault);
  if (!set) throw new Error('no default factor set');
  return set as { id: string; factors: Record<string, Record<string, unknown>> } & Record<string, unknown>;
}

/**
 * Posts the default set back as a new version with site works at `siteWorksT`
 * (default 12 t instead of 8): every upgrade's total moves by exactly that
 * difference, whatever its inputs, which makes before/after easy to pin.
 */
export async function postVariantSet(t: TestApp, version = '2026.3', siteWorksT = 12) {
  const base = await defaultSet(t);
  const body = structuredClone(base);
  Object.assign(body.factors.siteWorks!, { value: siteWorksT, mode: siteWorksT });
  const res = await t.as('engineer').post('/api/v1/factor-sets', { ...body, version, supersedes: base.id });
  if (res.status !== 201) throw new Error(`postVariantSet failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string } & Record<string, unknown>;
}

export const upgradeBody = (over: Record<string, unknown> = {}) => ({
  magnetSerial: `MAG-${Math.random().toString(36).slice(2, 10)}`,
  siteCountry: 'DE',
  fieldStrengthT: 1.5,
  completedAt: '2025-04-10',
  ...over,
});

export async function recordUpgrade(t: TestApp, over: Record<string, unknown> = {}) {
  const res = await t.as('operator').post('/api/v1/magnet-upgrades', upgradeBody(over));
  if (res.status !== 201) throw new Error(`recordUpgrade failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; avoidedT: number; factorSetId: string } & Record<string, unknown>;
}

/** The periods API lives on another branch; the lock itself is one row. */
export function lockYear(t: TestApp, year: number): void {
  t.db.$client
    .prepare('INSERT INTO period_locks (year, locked, changed_at, changed_by) VALUES (?, 1, ?, ?)')
    .run(year, '2026-06-01T00:00:00.000Z', 'test');
}
