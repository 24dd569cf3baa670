import { describe, expect, it } from 'vitest';
import { chinaEventRefusal, chinaExcluded, isChinaReportRow, isChinaUnit, type ChinaEventFacts } from '../../../src/policies/index.js';

const DE = { originCountry: 'DE' };
const CN = { originCountry: 'CN' };

// [case, unit, event, column named when refused with the flag on (null = allowed)]
const TABLE: Array<[string, { originCountry: string }, ChinaEventFacts, string | null]> = [
  ['a China unit assessed for refurbishment', CN, { type: 'assessed', route: 'refurbish' }, 'route'],
  ['a China unit assessed for harvest', CN, { type: 'assessed', route: 'harvest' }, 'route'],
  ['a China unit assessed for recycling', CN, { type: 'assessed', route: 'recycle' }, null],
  ['a China unit assessed for landfill', CN, { type: 'assessed', route: 'landfill' }, null],
  ['a China unit starting refurbishment', CN, { type: 'refurbishment_started', siteCountry: 'HU' }, 'type'],
  ['a China unit harvesting a part', CN, { type: 'part_harvested' }, 'type'],
  ['a China unit released', CN, { type: 'released', destinationCountry: 'FR' }, 'type'],
  ['a China unit recycled', CN, { type: 'recycled' }, null],
  ['a China unit landfilled', CN, { type: 'landfilled' }, null],
  ['any unit refurbished at a site in China', DE, { type: 'refurbishment_started', siteCountry: 'CN' }, 'siteCode'],
  ['any unit refurbished at a site in Hungary', DE, { type: 'refurbishment_started', siteCountry: 'HU' }, null],
  ['any unit released into China', DE, { type: 'released', destinationCountry: 'CN' }, 'destinationCountry'],
  ['any unit released into France', DE, { type: 'released', destinationCountry: 'FR' }, null],
  ['any unit harvesting a part', DE, { type: 'part_harvested' }, null],
];

describe('China exclusion policy', () => {
  it.each(TABLE)('when %s with the flag on, then the refused column is %s', (_name, unit, e, column) => {
    const r = chinaEventRefusal(true, unit, e);
    if (column === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ code: 'policy.china_exclusion', column });
  });

  it.each(TABLE)('when %s with the flag off, then nothing is refused', (_name, unit, e) => {
    expect(chinaEventRefusal(false, unit, e)).toBeNull();
  });

  it.each([
    [true, CN, true],
    [true, DE, false],
    [false, CN, false],
    [false, DE, false],
  ])('when the flag is %s and the unit is from %o, then excluded = %s', (flag, unit, excluded) => {
    expect(chinaExcluded(flag, unit)).toBe(excluded);
  });
});

describe('a unit received at a site in China', () => {
  const AT_CN = { originCountry: 'DE', siteCountry: 'CN' };
  it.each([
    [{ originCountry: 'CN' }, true],
    [{ originCountry: 'DE', siteCountry: 'CN' }, true],
    [{ originCountry: 'CN', siteCountry: 'HU' }, true],
    [{ originCountry: 'DE', siteCountry: 'HU' }, false],
    [{ originCountry: 'HK', siteCountry: 'US' }, false],
  ])('when the unit is %j, then it is treated as from China: %s', (u, yes) => {
    expect(isChinaUnit(u)).toBe(yes);
    expect(chinaExcluded(true, u)).toBe(yes);
    expect(chinaExcluded(false, u)).toBe(false);
  });

  it.each([
    [{ type: 'assessed', route: 'refurbish' }, 'route'],
    [{ type: 'assessed', route: 'harvest' }, 'route'],
    [{ type: 'part_harvested' }, 'type'],
    [{ type: 'released', destinationCountry: 'FR' }, 'type'],
    [{ type: 'refurbishment_started', siteCountry: 'HU' }, 'type'],
    [{ type: 'assessed', route: 'recycle' }, null],
    [{ type: 'recycled' }, null],
    [{ type: 'landfilled' }, null],
  ] as [ChinaEventFacts, string | null][])('when it gets %j with the flag on, then the refused column is %s', (e, column) => {
    const r = chinaEventRefusal(true, AT_CN, e);
    if (column === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ code: 'policy.china_exclusion', column, message: expect.stringContaining('received at a site in China') });
    expect(chinaEventRefusal(false, AT_CN, e)).toBeNull();
  });

  it.each([
    [{ region: 'CHINA' }, true],
    [{ region: 'EMEA', siteCountry: 'CN' }, true],
    [{ region: 'CHINA', siteCountry: 'HU' }, true],
    [{ region: 'APAC', siteCountry: 'HK' }, false],
    [{ region: 'EMEA' }, false],
  ])('when a report row is %j, then reports leave it out by default: %s', (r, yes) => {
    expect(isChinaReportRow(r)).toBe(yes);
  });
});
