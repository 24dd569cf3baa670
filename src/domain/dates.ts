export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in YYYY-MM-DD form (rejects 2024-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const todayUtc = (clock: Clock): string => clock.now().toISOString().slice(0, 10);

export const yearOf = (date: string): number => Number(date.slice(0, 4));
