import { describe, expect, it } from 'vitest';
import { boundaryTest, boundaryWords, normalizeRules, type BoundaryRules } from '../../src/domain/boundary.js';
import { boundarySentences } from '../../src/modules/kpis/kpi-scope.js';

// The source report's footnote, as three years' boundaries.
const FOOTNOTE: Record<number, BoundaryRules> = {
  2022: [
    { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] },
    { category: 'magnet', regions: null },
    { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN'] },
  ],
  2023: [
    { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN'] },
    { category: 'magnet', regions: null },
    { category: 'magnet_upgrade_component', regions: null },
    { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN'] },
    { category: 'surgical', regions: null },
  ],
  2024: [
    { category: 'imaging', regions: ['USCAN', 'EMEA', 'JAPAN', 'INDIA'] },
    { category: 'magnet', regions: null },
    { category: 'magnet_upgrade_component', regions: null },
    { category: 'ultrasound', regions: ['USCAN', 'EMEA', 'JAPAN', 'INDIA'] },
    { category: 'surgical', regions: null },
  ],
};

describe('which category and region a year’s boundary covers', () => {
  it.each([
    // category, region, 2022, 2023, 2024
    ['imaging', 'USCAN', true, true, true],
    ['imaging', 'EMEA', true, true, true],
    ['imaging', 'JAPAN', true, true, true],
    ['imaging', 'INDIA', false, false, true],
    ['imaging', 'LATAM', false, false, false],
    ['imaging', 'APAC', false, false, false],
    ['imaging', 'CHINA', false, false, false],
    ['ultrasound', 'INDIA', false, false, true],
    ['ultrasound', 'LATAM', false, false, false],
    ['magnet', 'LATAM', true, true, true],
    ['magnet', 'CHINA', true, true, true],
    ['magnet_upgrade_component', 'USCAN', false, true, true],
    ['magnet_upgrade_component', 'APAC', false, true, true],
    ['surgical', 'EMEA', false, true, true],
    ['surgical', 'LATAM', false, true, true],
  ] as const)('when a %s unit from %s, then 2022: %s, 2023: %s, 2024: %s', (category, region, y2022, y2023, y2024) => {
    expect([2022, 2023, 2024].map((y) => boundaryTest(FOOTNOTE[y]!)(category, region))).toEqual([y2022, y2023, y2024]);
  });

  it('when a year has no boundary, then everything counts', () => {
    expect(boundaryTest(null)('surgical', 'LATAM')).toBe(true);
  });
});

describe('the boundary in the footnote’s words', () => {
  it.each([
    [2022, 'Imaging and ultrasound from USCAN, EMEA and Japan; magnets worldwide'],
    [2023, 'Imaging and ultrasound from USCAN, EMEA and Japan; magnets, magnet-upgrade components and surgical worldwide'],
    [2024, 'Imaging and ultrasound from USCAN, EMEA, Japan and India; magnets, magnet-upgrade components and surgical worldwide'],
  ])('when the boundary of %i is worded, then it reads "%s"', (year, words) => {
    expect(boundaryWords(FOOTNOTE[year]!)).toBe(words);
  });

  it('when regions are listed out of order or twice, then rules are stored in the report’s order', () => {
    expect(normalizeRules([{ category: 'ultrasound', regions: ['JAPAN', 'USCAN', 'JAPAN'] }, { category: 'imaging', regions: null }])).toEqual([
      { category: 'imaging', regions: null },
      { category: 'ultrasound', regions: ['USCAN', 'JAPAN'] },
    ]);
  });

  it('when a period spans years, then runs of years that share a boundary are worded once', () => {
    expect(boundarySentences([{ year: 2024, rules: FOOTNOTE[2024]! }])).toBe(
      'Imaging and ultrasound from USCAN, EMEA, Japan and India; magnets, magnet-upgrade components and surgical worldwide (reporting boundary, 2024).',
    );
    expect(
      boundarySentences([
        { year: 2021, rules: null },
        { year: 2022, rules: FOOTNOTE[2022]! },
        { year: 2023, rules: FOOTNOTE[2023]! },
        { year: 2024, rules: FOOTNOTE[2023]! },
      ]),
    ).toBe(
      '2021: Everything recorded (no reporting boundary set). 2022: Imaging and ultrasound from USCAN, EMEA and Japan; magnets worldwide. ' +
        '2023–2024: Imaging and ultrasound from USCAN, EMEA and Japan; magnets, magnet-upgrade components and surgical worldwide.',
    );
  });
});
