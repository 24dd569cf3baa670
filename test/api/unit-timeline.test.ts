import { describe, expect, it } from 'vitest';
import { addEvent, createUnit } from '../helpers/factories.js';
import { createTestApp } from '../helpers/test-app.js';

describe('a unit timeline names who recorded each event', () => {
  it('when an operator key logs an event, then the event answers and the unit timeline show the key name beside its id', async () => {
    const t = createTestApp();
    const u = await createUnit(t, { receivedAt: '2026-01-01' });
    const res = await addEvent(t, u.id, { type: 'assessed', occurredAt: '2026-01-02', grade: 'A', route: 'harvest' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ actor: expect.stringMatching(/^key_/), actorName: 'test operator' });
    const unit = await t.as('viewer').get(`/api/v1/units/${u.id}`);
    expect(unit.body.events).toEqual([expect.objectContaining({ id: res.body.id, actor: res.body.actor, actorName: 'test operator' })]);
  });
});
