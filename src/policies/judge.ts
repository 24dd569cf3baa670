/**
 * The one judge of "would the ledger accept this event now, and what would it change?".
 * A write (modules/units/units.plan.ts) records what it accepts; what the floor is
 * offered (allowed-next.ts) is what it accepts for a candidate event. Nothing else
 * decides whether an event stands.
 *
 * In order: the rule lists (EVENT_RULES or VOID_RULES, the contract's precedence), the
 * event's effect (a void by replaying the timeline with and without it, any other event
 * by advancing the projection), then the locked-figures net on the planned roll-up diff.
 * Pure: the facts come in through the check.
 */
import { advance, diffEffects, diffFlows, replay, type Projection, type Replay } from '../domain/lifecycle.js';
import { checkEvent, lockedFiguresRefusal, type EventCheck } from './index.js';
import type { RuleError } from './rule.js';

/** A change to the daily roll-up: day → field → delta. */
export type RollupDiff = ReturnType<typeof diffEffects>;

/** A change to the disclosure roll-up (outflow_daily): day → flow key → grams. */
export type FlowDiff = ReturnType<typeof diffFlows>;

/** What the ledger would do with the event: its new projection, voids and roll-up diffs, or the first refusal. */
export type Verdict =
  | { ok: true; projection: Projection; voided: Map<string, string>; diff: RollupDiff; flows: FlowDiff }
  | { ok: false; error: RuleError };

/** Judges an event for a unit; a void's replay is worked out once, for the rule that needs it and for its effect. */
export function judgeEvent(check: Omit<EventCheck, 'afterVoid'>): Verdict {
  const { world, unit, event } = check;
  let after: Replay | undefined;
  const afterVoid = () => (after ??= replay(unit.facts, [...unit.timeline, event]));
  const refusal = checkEvent({ ...check, afterVoid });
  if (refusal) return { ok: false, error: refusal };

  let projection: Projection;
  let voided = unit.voided;
  let diff: RollupDiff;
  let flows: FlowDiff;
  if (event.type === 'voided') {
    const before = replay(unit.facts, unit.timeline);
    if (!before.ok) throw new Error(`stored timeline of ${unit.unitId} does not replay: ${before.error.detail}`);
    const a = afterVoid();
    if (!a.ok) throw new Error('the void rules let through a void that does not replay');
    projection = a.projection;
    voided = a.voided;
    diff = diffEffects(before.effects, a.effects);
    flows = diffFlows(before.effects, a.effects);
  } else {
    const step = advance(unit.projection, event);
    projection = step.projection;
    diff = diffEffects([], step.effects);
    flows = diffFlows([], step.effects);
  }
  const moved = lockedFiguresRefusal(world, diff);
  if (moved) return { ok: false, error: moved };
  return { ok: true, projection, voided, diff, flows };
}
