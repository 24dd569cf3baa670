import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../../src/domain/lifecycle.js';
import { eventInputRefusal, factDateRefusal, unitInputRefusal, type RuleWorld } from '../../../src/policies/index.js';

const world: RuleWorld = {
  today: '2024-06-15',
  chinaExclusion: true,
  sanitizationRequired: true,
  siteCountry: (c) => ({ 'HU-EROC': 'HU', 'US-ROC': 'US' })[c],
  isYearLocked: () => false,
  vendor: () => undefined,
  receiptedShipmentOf: () => undefined,
};
const target: LedgerEvent = { id: 'evt_a', type: 'recycled', occurredAt: '2024-03-10', massG: 1000, voidsEventId: null };
const unit = { unitId: 'unit_1', receivedAt: '2024-03-01', lastEventAt: '2024-03-10' };

describe('dates and sites of a new unit', () => {
  it.each([
    ['received today at a known site', { receivedAt: '2024-06-15', siteCode: 'HU-EROC' }, null],
    ['received tomorrow', { receivedAt: '2024-06-16', siteCode: 'HU-EROC' }, 'receivedAt'],
    ['received on 1990-01-01', { receivedAt: '1990-01-01', siteCode: 'HU-EROC' }, null],
    ['received in 1985', { receivedAt: '1985-06-01', siteCode: 'HU-EROC' }, 'receivedAt'],
    ['received at an unknown site', { receivedAt: '2024-06-01', siteCode: 'XX' }, 'siteCode'],
  ] as const)('when %s, then the refused column is %s', (_n, u, column) => {
    const r = unitInputRefusal(world, u);
    if (column === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ code: 'validation.failed', column });
  });
});

describe('dates of a new event', () => {
  it.each([
    ['dated today, after the last event', { type: 'recycled', occurredAt: '2024-06-15' }, {}, null],
    ['dated tomorrow', { type: 'recycled', occurredAt: '2024-06-16' }, {}, /future/],
    ['dated in 1989', { type: 'assessed', occurredAt: '1989-12-31' }, { receivedAt: '1985-01-01', lastEventAt: null }, /not be before 1990-01-01/],
    ['dated before the unit was received', { type: 'assessed', occurredAt: '2024-02-28' }, { lastEventAt: null }, /before the unit was received/],
    ['dated before the latest event', { type: 'landfilled', occurredAt: '2024-03-09' }, {}, /latest event/],
    ['dated on the day of the latest event', { type: 'landfilled', occurredAt: '2024-03-10' }, {}, null],
    ['a refurbishment at an unknown site', { type: 'refurbishment_started', occurredAt: '2024-04-01', siteCode: 'XX' }, {}, /unknown site/],
    ['a void of an event the unit does not have', { type: 'voided', occurredAt: '2024-04-01', voidsEventId: 'evt_x' }, {}, /no event "evt_x"/],
    ['a void dated before what it voids', { type: 'voided', occurredAt: '2024-03-09', voidsEventId: 'evt_a' }, { target }, /before the event it voids/],
    ['a void dated before the latest event but after its target', { type: 'voided', occurredAt: '2024-03-10', voidsEventId: 'evt_a' }, { target, lastEventAt: '2024-05-01' }, null],
  ] as const)('when %s, then %s', (_n, e, over, message) => {
    const r = eventInputRefusal(world, { ...unit, ...over }, e);
    if (message === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ code: 'validation.failed', message: expect.stringMatching(message) });
  });
});

describe('the date of a fact (receivedAt, occurredAt, completedAt)', () => {
  it.each([
    ['1990-01-01', null],
    ['2024-06-15', null],
    ['1989-12-31', 'must not be before 1990-01-01'],
    ['1985-06-01', 'must not be before 1990-01-01'],
    ['2024-06-16', 'must not be in the future (today is 2024-06-15)'],
  ] as const)('when the date is %s, then the refusal is %s', (date, message) => {
    const r = factDateRefusal('2024-06-15', 'completedAt', date);
    if (message === null) expect(r).toBeNull();
    else expect(r).toEqual({ code: 'validation.failed', column: 'completedAt', message });
  });
});
