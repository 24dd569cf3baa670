import { describe, expect, it } from 'vitest';
import { listWords, periodWords, scopeStatement } from '../../src/modules/kpis/kpi-scope.js';

describe('scope in words', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ])('when listing %j, then it reads "%s"', (items, words) => {
    expect(listWords(items)).toBe(words);
  });

  it.each([
    ['2022-01-01', '2022-12-31', 'in 2022'],
    ['2022-01-01', '2023-12-31', 'from 2022-01-01 to 2023-12-31'],
    ['2024-04-01', '2024-06-30', 'from 2024-04-01 to 2024-06-30'],
  ])('when the period is %s..%s, then it reads "%s"', (from, to, words) => {
    expect(periodWords(from, to)).toBe(words);
  });

  it('when China is excluded, then the statement names categories and regions in order and what was left out', () => {
    const s = scopeStatement({
      from: '2022-01-01',
      to: '2022-12-31',
      categories: ['ultrasound', 'magnet', 'imaging'],
      regions: ['JAPAN', 'USCAN', 'EMEA'],
      includeChina: false,
      excludedUnits: 1234,
      excludedKg: 56789.5,
    });
    expect(s).toBe(
      'Covers imaging, magnets and ultrasound systems returned in USCAN, EMEA and JAPAN in 2022; ' +
        'excludes 1,234 units (56,789.5 kg) from China, which the China exclusion policy keeps out of refurbishment and out of these figures.',
    );
  });

  it('when filters and includeChina are given, then the statement says so', () => {
    const s = scopeStatement({
      from: '2024-01-01',
      to: '2024-03-31',
      categories: ['surgical'],
      regions: ['CHINA'],
      includeChina: true,
      excludedUnits: 0,
      excludedKg: 0,
      filters: { category: 'surgical', siteCode: 'US-ROC' },
    });
    expect(s).toBe(
      'Covers surgical systems returned in CHINA from 2024-01-01 to 2024-03-31; limited to category surgical and site US-ROC; includes units from China (includeChina=true).',
    );
  });
});
