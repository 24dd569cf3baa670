import { describe, expect, it } from 'vitest';
import type { EventType } from '../../../src/domain/lifecycle.js';
import { SANITIZATION_GATED_TYPES } from '../../../src/domain/sanitization.js';
import { sanitizationRefusal, sanitizationVoidRefusal, type SanitizationFacts } from '../../../src/policies/index.js';

type E = { id: string; type: EventType };
const ev = (id: string, type: string): E => ({ id, type: type as EventType });
const facts = (dataBearing: boolean, timeline: E[], voided: string[] = []): SanitizationFacts => ({
  dataBearing,
  timeline,
  voided: new Map(voided.map((id) => [id, `void_of_${id}`])),
});

// The gated types, written out from the contract (energy_recovered of v1.1, incinerated and
// disposed_other of v1.2: every outflow that hands mass to someone downstream).
const GATED = ['released', 'recycled', 'landfilled', 'energy_recovered', 'incinerated', 'disposed_other'] as const;
const NOT_GATED = ['assessed', 'refurbishment_started', 'refurbished', 'part_harvested', 'data_sanitized'] as const;

describe('the gated types', () => {
  it('when the rule lists what it gates, then it is exactly the contract’s six types', () => {
    expect([...SANITIZATION_GATED_TYPES].sort()).toEqual([...GATED].sort());
  });
});

// Every gated type × dataBearing × flag × the unit's sanitization: none, voided, standing.
const SANITIZATION = ['none', 'voided', 'standing'] as const;
const CASES = GATED.flatMap((type) =>
  [true, false].flatMap((dataBearing) =>
    [true, false].flatMap((flag) =>
      SANITIZATION.map((s) => {
        const refused = flag && dataBearing && s !== 'standing';
        return [type, dataBearing, flag, s, refused] as const;
      }),
    ),
  ),
);

function timelineWith(s: (typeof SANITIZATION)[number]): SanitizationFacts['timeline'] & E[] {
  const t = [ev('e1', 'assessed')];
  if (s !== 'none') t.push(ev('e2', 'data_sanitized'));
  return t;
}

describe('a gated event of a unit', () => {
  it('covers every combination', () => {
    expect(CASES).toHaveLength(GATED.length * 2 * 2 * 3);
  });

  it.each(CASES)('when "%s" with dataBearing %s, flag %s and sanitization %s, then refused = %s', (type, dataBearing, flag, s, refused) => {
    const unit = facts(dataBearing, timelineWith(s), s === 'voided' ? ['e2'] : []);
    const r = sanitizationRefusal(flag, unit, { type });
    if (refused) {
      expect(r).toMatchObject({ code: 'compliance.sanitization_required', column: 'type' });
      expect(r!.message).toContain(type);
    } else expect(r).toBeNull();
  });

  it.each(NOT_GATED)('when a data-bearing unit with no sanitization takes "%s", then nothing is refused', (type) => {
    expect(sanitizationRefusal(true, facts(true, [ev('e1', 'assessed')]), { type })).toBeNull();
  });

  it('when one of two sanitizations is voided, then the other still lets the unit go', () => {
    const unit = facts(true, [ev('s1', 'data_sanitized'), ev('s2', 'data_sanitized')], ['s1']);
    expect(sanitizationRefusal(true, unit, { type: 'recycled' })).toBeNull();
  });
});

// [case, timeline, voided, target, the event named (null = allowed)]
const VOIDS: Array<[string, E[], string[], string, string | null]> = [
  ['the only sanitization, before a recycling', [ev('s', 'data_sanitized'), ev('r', 'recycled')], [], 's', 'r'],
  ['the only sanitization, before two gated events', [ev('s', 'data_sanitized'), ev('p', 'part_harvested'), ev('r', 'recycled'), ev('l', 'landfilled')], [], 's', 'r'],
  ['the only sanitization, before a release', [ev('s', 'data_sanitized'), ev('x', 'refurbished'), ev('r', 'released')], [], 's', 'r'],
  ['the only sanitization, before an energy recovery', [ev('s', 'data_sanitized'), ev('r', 'energy_recovered')], [], 's', 'r'],
  ['the only sanitization, whose gated event is voided', [ev('s', 'data_sanitized'), ev('r', 'recycled')], ['r'], 's', null],
  ['the only sanitization, with only a part harvest after it', [ev('s', 'data_sanitized'), ev('p', 'part_harvested')], [], 's', null],
  ['the first of two sanitizations before a recycling', [ev('s1', 'data_sanitized'), ev('s2', 'data_sanitized'), ev('r', 'recycled')], [], 's1', null],
  ['the second of two sanitizations before a recycling', [ev('s1', 'data_sanitized'), ev('s2', 'data_sanitized'), ev('r', 'recycled')], [], 's2', null],
  ['the first sanitization when the second is voided', [ev('s1', 'data_sanitized'), ev('s2', 'data_sanitized'), ev('r', 'recycled')], ['s2'], 's1', 'r'],
  ['the earlier of two, the later one only covering a later landfill', [ev('s1', 'data_sanitized'), ev('r', 'recycled'), ev('s2', 'data_sanitized'), ev('l', 'landfilled')], [], 's1', 'r'],
  ['a sanitization recorded after an unsanitized recycling (flag was off)', [ev('r', 'recycled'), ev('s', 'data_sanitized'), ev('p', 'part_harvested')], [], 's', null],
  ['a recycling (not a sanitization)', [ev('s', 'data_sanitized'), ev('r', 'recycled')], [], 'r', null],
];

describe('a void of a unit’s event', () => {
  it.each(VOIDS)('when voiding %s, then the event named is %s', (_name, timeline, voided, target, named) => {
    const r = sanitizationVoidRefusal(true, facts(true, timeline, voided), target);
    if (named === null) expect(r).toBeNull();
    else {
      expect(r).toMatchObject({ code: 'compliance.sanitization_required', column: 'eventId', extensions: { dependentEventId: named } });
      expect(r!.message).toContain(named);
    }
  });

  it.each(VOIDS)('when voiding %s with the flag off, then nothing is refused', (_name, timeline, voided, target) => {
    expect(sanitizationVoidRefusal(false, facts(true, timeline, voided), target)).toBeNull();
  });

  it.each(VOIDS)('when voiding %s on a unit that holds no data, then nothing is refused', (_name, timeline, voided, target) => {
    expect(sanitizationVoidRefusal(true, facts(false, timeline, voided), target)).toBeNull();
  });
});
