import { describe, expect, it } from 'vitest';
import { lockedCarryRefusal, lockedFiguresRefusal, lockedYearRefusal, type RuleWorld } from '../../../src/policies/index.js';

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

describe('what a locked year carries from the years before it (pendingKg)', () => {
  it.each([
    ['mass moved the year before a locked year', [2024], ['2023-05-01'], 2026, 2024],
    ['mass moved in 1995 with 2024 locked', [2024], ['1995-01-01'], 2026, 2024],
    ['mass moved in a locked year itself (the in-year rule names it)', [2024], ['2024-05-01'], 2026, null],
    ['mass moved after the locked year', [2024], ['2025-01-01'], 2026, null],
    ['two later locked years: the earliest is named', [2023, 2025], ['2021-01-01'], 2026, 2023],
    ['a locked year after the last year that can hold data', [2030], ['2024-01-01'], 2026, null],
    ['no dates', [2024], [], 2026, null],
  ] as const)('when %s, then the year named is %s', (_n, locked, dates, through, year) => {
    const r = lockedCarryRefusal(lockedIn(...locked), dates, through, 'This event', 'occurredAt');
    if (year === null) expect(r).toBeNull();
    else {
      expect(r).toEqual({ code: 'period.locked', column: 'occurredAt', message: expect.stringContaining(`pending at the end of ${year}`), extensions: { year } });
    }
  });
});

describe('the last safety net over a planned roll-up diff', () => {
  const world = (locked: number[]): RuleWorld => ({
    today: '2026-06-15',
    chinaExclusion: true,
    sanitizationRequired: true,
    siteCountry: () => 'US',
    isYearLocked: lockedIn(...locked),
    vendor: () => undefined,
    receiptedShipmentOf: () => undefined,
  });
  it.each([
    ['a diff on a day of a locked year', [2024], { '2024-02-01': { unitsClosed: 1 } }, 2024],
    ['a diff that moves pending mass before a locked year', [2024], { '2023-02-01': { recycledG: 5 } }, 2024],
    ['a diff that sends mass to energy recovery before a locked year', [2024], { '2023-02-01': { energyRecoveredG: 5 } }, 2024],
    ['a diff before a locked year that turns landfill into energy recovery (pending unchanged)', [2024], { '2023-02-01': { landfilledG: -5, energyRecoveredG: 5 } }, null],
    ['a diff before a locked year that nets to zero pending (recycled became landfilled)', [2024], { '2023-02-01': { recycledG: -5, landfilledG: 5 } }, null],
    ['a diff before a locked year that moves no mass (a unit closing)', [2024], { '2023-02-01': { unitsClosed: 1 } }, null],
    ['intake received before a locked year', [2024], { '1999-02-01': { unitsReceived: 1, intakeG: 1000 } }, 2024],
    ['a diff after every locked year', [2022], { '2023-02-01': { intakeG: 1000 } }, null],
  ] as const)('when %s, then the year named is %s', (_n, locked, diff, year) => {
    const r = lockedFiguresRefusal(world([...locked]), new Map(Object.entries(diff)));
    if (year === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ code: 'period.locked', extensions: { year } });
  });
});
