import { describe, expect, it } from 'vitest';
import { replay, type LedgerEvent, type UnitFacts } from '../../../src/domain/lifecycle.js';
import { allowedNextTypes, voidableEventIds, type NextFacts } from '../../../src/policies/allowed-next.js';
import type { RuleWorld, UnitLedger } from '../../../src/policies/index.js';

const SITES: Record<string, string> = { 'HU-EROC': 'HU', 'US-WAU': 'US', 'CN-SH': 'CN' };
const world = (over: Partial<RuleWorld> = {}): RuleWorld => ({
  today: '2024-06-15',
  chinaExclusion: true,
  sanitizationRequired: true,
  siteCountry: (code) => SITES[code],
  isYearLocked: () => false,
  vendor: () => undefined,
  receiptedShipmentOf: () => undefined,
  ...over,
});
const allSites: NextFacts = { sites: Object.entries(SITES).map(([code, country]) => ({ code, country })) };
const chinaSitesOnly: NextFacts = { sites: [{ code: 'CN-SH', country: 'CN' }] };

let n = 0;
type Ev = Partial<LedgerEvent> & Pick<LedgerEvent, 'type'>;
const ev = (e: Ev): LedgerEvent => ({ id: `evt_${++n}`, occurredAt: '2024-02-01', massG: null, voidsEventId: null, ...e });

/** A unit of 1,000 kg received 2024-01-10, with these events replayed. */
function ledger(events: LedgerEvent[], originCountry = 'DE', receivedAt = '2024-01-10', dataBearing = false): UnitLedger {
  const facts: UnitFacts = { intakeG: 1_000_000, originCountry, receivedAt };
  const r = replay(facts, events);
  if (!r.ok) throw new Error(r.error.detail);
  return { unitId: 'unit_1', facts, dataBearing, timeline: events, projection: r.projection, voided: r.voided };
}

const assessed = (route: LedgerEvent['route']) => ev({ type: 'assessed', route });
const outgoing = (type: 'part_harvested' | 'recycled' | 'landfilled', kg: number) => ev({ type, massG: kg * 1000 });

// [case, timeline, origin, world, sites, allowed next]
const TABLE: Array<[string, () => LedgerEvent[], string, RuleWorld, NextFacts, string[]]> = [
  ['a unit just received', () => [], 'DE', world(), allSites, ['assessed', 'data_sanitized']],
  ['a unit routed to refurbishment', () => [assessed('refurbish')], 'DE', world(), allSites, ['assessed', 'refurbishment_started', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit routed to refurbishment where every site is in China', () => [assessed('refurbish')], 'DE', world(), chinaSitesOnly, ['assessed', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit routed to harvest', () => [assessed('harvest')], 'DE', world(), allSites, ['assessed', 'part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit routed to landfill', () => [assessed('landfill')], 'DE', world(), allSites, ['assessed', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit from China routed to recycling (no harvesting for it)', () => [assessed('recycle')], 'CN', world(), allSites, ['assessed', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit from China routed to recycling, China policy off', () => [assessed('recycle')], 'CN', world({ chinaExclusion: false }), allSites, ['assessed', 'part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a unit in refurbishment', () => [assessed('refurbish'), ev({ type: 'refurbishment_started' })], 'DE', world(), allSites, ['refurbished', 'data_sanitized', 'voided']],
  ['a refurbished unit (released into its own or a site’s country)', () => [assessed('refurbish'), ev({ type: 'refurbishment_started' }), ev({ type: 'refurbished' })], 'DE', world(), chinaSitesOnly, ['released', 'data_sanitized', 'voided']],
  ['a unit being dismantled', () => [assessed('harvest'), outgoing('part_harvested', 100)], 'DE', world(), allSites, ['part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']],
  ['a closed unit', () => [assessed('landfill'), outgoing('landfilled', 1000)], 'DE', world(), allSites, ['voided']],
  ['any unit while this year is locked', () => [assessed('harvest')], 'DE', world({ isYearLocked: (y) => y === 2024 }), allSites, []],
];

describe('allowed next event types (policies applied)', () => {
  it('when a data-bearing unit is not sanitized, then nothing that leaves custody is offered; once sanitized, all of it is', () => {
    const a = assessed('recycle');
    expect(allowedNextTypes(world(), ledger([a], 'DE', '2024-01-10', true), allSites)).toEqual(['assessed', 'part_harvested', 'data_sanitized', 'voided']);
    const s = ev({ type: 'data_sanitized' });
    expect(allowedNextTypes(world(), ledger([a, s], 'DE', '2024-01-10', true), allSites)).toEqual(['assessed', 'part_harvested', 'recycled', 'landfilled', 'data_sanitized', 'energy_recovered', 'incinerated', 'disposed_other', 'voided']);
  });

  it.each(TABLE)('when %s, then the ledger would accept %5$j next', (_name, events, origin, w, sites, expected) => {
    expect(allowedNextTypes(w, ledger(events(), origin), sites)).toEqual(expected);
  });

  it('when a closed unit’s events lie in a locked year, then nothing may be voided and nothing comes next', () => {
    const events = [ev({ type: 'assessed', route: 'landfill', occurredAt: '2023-05-01' }), ev({ type: 'landfilled', massG: 1_000_000, occurredAt: '2023-05-02' })];
    const u = ledger(events, 'DE', '2023-04-01');
    const w = world({ isYearLocked: (y) => y === 2023 });
    expect(voidableEventIds(w, u)).toEqual([]);
    expect(allowedNextTypes(w, u, allSites)).toEqual([]);
  });

  it('when a later event depends on an earlier one, then only the events whose void leaves a valid timeline are voidable', () => {
    const a = assessed('harvest');
    const h = outgoing('part_harvested', 100);
    const r = outgoing('recycled', 200);
    // Voiding the assessment would leave a harvest on a unit never assessed: void the later events first.
    expect(voidableEventIds(world(), ledger([a, h, r]))).toEqual([h.id, r.id]);
  });

  it('when an event is already voided, then neither it nor the void is offered again', () => {
    const a = assessed('harvest');
    const h = outgoing('part_harvested', 100);
    const v = ev({ type: 'voided', voidsEventId: h.id });
    expect(voidableEventIds(world(), ledger([a, h, v]))).toEqual([a.id]);
  });

  it('when 1 g is left, then outgoing mass is still offered; when nothing is left, the unit is closed', () => {
    const almost = ledger([assessed('recycle'), outgoing('recycled', 999.999)]);
    expect(allowedNextTypes(world(), almost, allSites)).toContain('landfilled');
    const done = ledger([assessed('recycle'), outgoing('recycled', 1000)]);
    expect(done.projection.state).toBe('closed');
    expect(allowedNextTypes(world(), done, allSites)).toEqual(['voided']);
  });
});
