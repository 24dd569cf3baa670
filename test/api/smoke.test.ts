import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { createUnit } from '../helpers/factories.js';

describe('smoke', () => {
  it('when a unit is created, then it reads back with its balance', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { massKg: 1234.567 });
    const res = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(res.status).toBe(200);
    expect(res.body.massBalance.intakeKg).toBe(1234.567);
    expect(res.body.events).toEqual([]);
  });
});
