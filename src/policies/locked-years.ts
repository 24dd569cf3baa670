import type { RuleError } from './rule.js';

/**
 * period.locked: nothing dated in a locked reporting year may be added or voided, and
 * no figure of a locked year may move. `dates` are YYYY-MM-DD (or roll-up days); the
 * earliest locked year is named.
 */
export function lockedYearRefusal(
  isYearLocked: (year: number) => boolean,
  dates: Iterable<string>,
  what: string,
  column: string | null,
): RuleError | null {
  // The earliest locked year among the dates' years; no set or sort (every write asks, usually of one or two dates).
  let earliest: number | null = null;
  for (const d of dates) {
    const y = Number(d.slice(0, 4));
    if ((earliest === null || y < earliest) && isYearLocked(y)) earliest = y;
  }
  if (earliest === null) return null;
  return {
    code: 'period.locked',
    column,
    message: `${what} falls in ${earliest}, a locked reporting year; an admin must unlock it first.`,
    extensions: { year: earliest },
  };
}

/**
 * period.locked for what a locked year carries from before it: its published
 * pendingKg is the intake of every unit received by its last day minus every
 * kilogram moved by then, so mass received or moved on `dates` (in any earlier year,
 * locked or not) would change it. Names the earliest locked year after the earliest
 * date, up to `throughYear` (the current year: no year after it can be locked).
 */
export function lockedCarryRefusal(
  isYearLocked: (year: number) => boolean,
  dates: Iterable<string>,
  throughYear: number,
  what: string,
  column: string | null,
): RuleError | null {
  let first = Infinity;
  for (const d of dates) first = Math.min(first, Number(d.slice(0, 4)));
  for (let y = first + 1; y <= throughYear; y++) {
    if (isYearLocked(y)) {
      return {
        code: 'period.locked',
        column,
        message:
          `${what} would change the mass pending at the end of ${y} (pendingKg), a figure that locked year published; ` +
          `an admin must unlock ${y} first.`,
        extensions: { year: y },
      };
    }
  }
  return null;
}
