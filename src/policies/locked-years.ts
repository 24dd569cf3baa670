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
  const years = new Set<number>();
  for (const d of dates) years.add(Number(d.slice(0, 4)));
  for (const y of [...years].sort((a, b) => a - b)) {
    if (isYearLocked(y)) {
      return {
        code: 'period.locked',
        column,
        message: `${what} falls in ${y}, a locked reporting year; an admin must unlock it first.`,
        extensions: { year: y },
      };
    }
  }
  return null;
}
