/**
 * What the floor may do next with a unit: the event types the ledger would accept now,
 * every policy applied (GET /units/:id `allowedNext`), and the events a void may name.
 *
 * Nothing here knows a rule. For each event type it asks the judge a write obeys
 * (judge.ts: the rule lists, the event's effect, the locked-figures net) whether SOME
 * valid event of that type exists today, by trying a few representative
 * candidates: an assessment with each route, refurbishment at each known site, a
 * release on each channel into each country the service knows (its sites' and the
 * unit's origin), one gram of outgoing mass, a void of each standing event. A type
 * with no candidate of its own is tried with its bare facts. So a rule added to the
 * lists (a sanitization gate, vendor rules) is reflected here without a change.
 */
import { allowedNext as stateMachineNext, EVENT_TYPES, ROUTES, type EventType, type LedgerEvent } from '../domain/lifecycle.js';
import type { UnitLedger } from './index.js';
import { judgeEvent } from './judge.js';
import type { RuleWorld } from './rule.js';

/** The facts a candidate needs that the ledger does not hold: the service's sites. */
export type NextFacts = { sites: readonly { code: string; country: string }[] };

/** The smallest mass an event may move (contract: at least 0.001 kg). */
const ONE_GRAM = 1;
const CHANNELS = ['sale', 'redeployment', 'donation'] as const;

type Candidate = { event: LedgerEvent; siteCode?: string };

function candidates(type: Exclude<EventType, 'voided'>, day: string, unit: UnitLedger, facts: NextFacts): Candidate[] {
  const base: LedgerEvent = { id: '', type, occurredAt: day, massG: ONE_GRAM, voidsEventId: null };
  switch (type) {
    case 'assessed':
      return ROUTES.map((route) => ({ event: { ...base, massG: null, route } }));
    case 'refurbishment_started':
      return facts.sites.map((s) => ({ event: { ...base, massG: null }, siteCode: s.code }));
    case 'released': {
      const countries = [...new Set([unit.facts.originCountry, ...facts.sites.map((s) => s.country)])];
      return CHANNELS.flatMap((channel) => countries.map((destinationCountry) => ({ event: { ...base, massG: null, channel, destinationCountry } })));
    }
    case 'refurbished':
    case 'data_sanitized':
      return [{ event: { ...base, massG: null } }];
    default:
      return [{ event: base }];
  }
}

/** Whether the ledger would take this event now: the one judge's answer (judge.ts), as a write gets it. */
function accepts(world: RuleWorld, unit: UnitLedger, c: Candidate, target?: LedgerEvent): boolean {
  return judgeEvent({
    world,
    unit,
    event: c.event,
    siteCode: c.siteCode,
    siteCountry: c.siteCode === undefined ? undefined : world.siteCountry(c.siteCode),
    target,
  }).ok;
}

/** The ids of the unit's events that a void dated today would be accepted for, in timeline order. */
export function voidableEventIds(world: RuleWorld, unit: UnitLedger): string[] {
  const voidOf = (target: LedgerEvent): Candidate => ({
    event: { id: '', type: 'voided', occurredAt: world.today, massG: null, voidsEventId: target.id },
  });
  return unit.timeline.filter((e) => e.type !== 'voided' && !unit.voided.has(e.id) && accepts(world, unit, voidOf(e), e)).map((e) => e.id);
}

/**
 * What the floor may do next: the event types the ledger would accept for this unit
 * (dated today), in the contract's order, and the events a void may name. The state
 * machine's own table (`allowedNext`, pure and cheap) rules out most types first; the
 * rest are asked of the full rule lists, which may refuse them still.
 */
export function nextSteps(world: RuleWorld, unit: UnitLedger, facts: NextFacts): { allowedNext: EventType[]; voidableEventIds: string[] } {
  const possible = new Set(stateMachineNext(unit.projection.state, unit.projection.route));
  const voidable = voidableEventIds(world, unit);
  const next: EventType[] = [];
  for (const type of EVENT_TYPES) {
    if (type === 'voided') {
      if (voidable.length) next.push(type);
    } else if (possible.has(type) && candidates(type, world.today, unit, facts).some((c) => accepts(world, unit, c))) {
      next.push(type);
    }
  }
  return { allowedNext: next, voidableEventIds: voidable };
}

/** The event types the ledger would accept next for this unit (dated today), in the contract's order. */
export const allowedNextTypes = (world: RuleWorld, unit: UnitLedger, facts: NextFacts): EventType[] => nextSteps(world, unit, facts).allowedNext;
