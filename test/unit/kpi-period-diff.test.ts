import { describe, expect, it } from 'vitest';
import { figureDifferences } from '../../src/modules/periods/period-diff.js';

describe('figureDifferences', () => {
  it.each([
    ['equal figures', { a: 1, reusedKg: 2.5 }, { a: 1, reusedKg: 2.5 }, {}],
    ['a count', { unitsClosed: 10 }, { unitsClosed: 12 }, { unitsClosed: { published: 10, current: 12, delta: 2 } }],
    ['kilograms without float noise', { reusedKg: 0.1 }, { reusedKg: 0.3 }, { reusedKg: { published: 0.1, current: 0.3, delta: 0.2 } }],
    ['tonnes', { co2AvoidedT: 100.001 }, { co2AvoidedT: 99.5 }, { co2AvoidedT: { published: 100.001, current: 99.5, delta: -0.501 } }],
    ['a rate', { diversionRate: 0.9426 }, { diversionRate: 0.9431 }, { diversionRate: { published: 0.9426, current: 0.9431, delta: 0.0005 } }],
    ['a rate that became null', { diversionRate: 0.5 }, { diversionRate: null }, { diversionRate: { published: 0.5, current: null, delta: null } }],
    ['a field published before it existed', {}, { magnetUpgrades: 3 }, { magnetUpgrades: { published: null, current: 3, delta: null } }],
  ])('when comparing %s, then only differing fields are listed with their delta', (_name, published, current, diff) => {
    expect(figureDifferences(published, current)).toEqual(diff);
  });
});
