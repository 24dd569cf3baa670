import { describe, expect, it } from 'vitest';
import { lockedYearRefusal } from '../../../src/policies/index.js';

const lockedIn = (...years: number[]) => (y: number) => years.includes(y);

describe('locked reporting years', () => {
  it.each([
    ['no date in a locked year', [2023], ['2024-01-01', '2024-12-31'], null],
    ['a date on the first day of a locked year', [2024], ['2024-01-01'], 2024],
    ['a date on the last day of a locked year', [2024], ['2024-12-31'], 2024],
    ['dates in two locked years', [2022, 2023], ['2023-05-01', '2022-02-01'], 2022],
    ['one of several dates locked', [2023], ['2024-02-01', '2023-12-31'], 2023],
    ['no dates at all', [2023], [], null],
  ] as const)('when %s, then the year named is %s', (_name, locked, dates, year) => {
    const r = lockedYearRefusal(lockedIn(...locked), dates, 'This event', 'occurredAt');
    if (year === null) expect(r).toBeNull();
    else expect(r).toEqual({ code: 'period.locked', column: 'occurredAt', message: expect.stringContaining(`falls in ${year}`), extensions: { year } });
  });

  it('when a year ten years apart is locked, then the earliest is named (numeric, not text order)', () => {
    const r = lockedYearRefusal(lockedIn(999, 2000), ['2000-01-01', '0999-01-01'], 'x', null);
    expect(r?.extensions).toEqual({ year: 999 });
  });
});
