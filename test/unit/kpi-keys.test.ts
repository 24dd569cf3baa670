import { describe, expect, it } from 'vitest';
import { groupKey, timeBuckets, timeKey } from '../../src/modules/kpis/kpi-keys.js';

const dims = { month: '2024-05', region: 'EMEA', category: 'imaging', modality: 'CT', siteCode: 'HU-EROC' };

describe('timeKey', () => {
  it.each([
    ['year', '2024-05-17', '2024'],
    ['quarter', '2024-01-01', '2024-Q1'],
    ['quarter', '2024-03-31', '2024-Q1'],
    ['quarter', '2024-04-01', '2024-Q2'],
    ['quarter', '2024-12', '2024-Q4'],
    ['month', '2024-05-17', '2024-05'],
    ['month', '2024-11', '2024-11'],
  ] as const)('when grouping by %s, then %s falls in %s', (groupBy, date, key) => {
    expect(timeKey(groupBy, date)).toBe(key);
  });
});

describe('groupKey', () => {
  it.each([
    ['region', dims, 'EMEA'],
    ['category', dims, 'imaging'],
    ['modality', dims, 'CT'],
    ['modality', { ...dims, modality: '' }, 'none'],
    ['site', dims, 'HU-EROC'],
    ['quarter', dims, '2024-Q2'],
  ] as const)('when grouping by %s, then the key is read from the right dimension', (groupBy, d, key) => {
    expect(groupKey(groupBy, d)).toBe(key);
  });
});

describe('timeBuckets', () => {
  it.each([
    ['year', '2022-03-01', '2024-02-01', ['2022', '2023', '2024']],
    ['quarter', '2023-11-15', '2024-04-01', ['2023-Q4', '2024-Q1', '2024-Q2']],
    ['month', '2023-12-31', '2024-02-01', ['2023-12', '2024-01', '2024-02']],
    ['month', '2024-02-10', '2024-02-20', ['2024-02']],
  ] as const)('when the range is %s %s..%s, then every bucket it touches is listed once, in order', (groupBy, from, to, keys) => {
    expect(timeBuckets(groupBy, from, to)).toEqual(keys);
  });
});
