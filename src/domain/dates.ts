export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** No date in the API lies before this (the programme's records start here); none lies after today. */
export const EARLIEST_DATE = '1990-01-01';
export const EARLIEST_YEAR = 1990;

/** A real calendar date in YYYY-MM-DD form (rejects 2024-02-30). Plain arithmetic: imports check 400,000 dates a file. */
export function isCalendarDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

export const todayUtc = (clock: Clock): string => clock.now().toISOString().slice(0, 10);

export const yearOf = (date: string): number => Number(date.slice(0, 4));
