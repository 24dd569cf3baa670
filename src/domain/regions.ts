import countries from 'world-countries';

export const REGIONS = ['USCAN', 'LATAM', 'EMEA', 'APAC', 'JAPAN', 'INDIA', 'CHINA'] as const;
export type Region = (typeof REGIONS)[number];

type CountryRow = { cca2: string; region: string; subregion: string };

/**
 * Reporting region of a country, from the UN geoscheme regions that the maintained
 * `world-countries` dataset carries. The contract names the exceptions; the rest follows
 * geography: the Middle East (Western Asia, and Iran) and Central Asia count as EMEA.
 * Judgement calls (documented in the README): North American territories other than
 * Mexico (Bermuda, Greenland, St Pierre, US outlying islands) count as USCAN, and the
 * Antarctic territories as APAC.
 */
function regionFor(c: CountryRow): Region {
  switch (c.cca2) {
    case 'US':
    case 'CA':
      return 'USCAN';
    case 'CN':
      return 'CHINA';
    case 'IN':
      return 'INDIA';
    case 'JP':
      return 'JAPAN';
    case 'MX':
      return 'LATAM';
    case 'IR':
      return 'EMEA';
  }
  switch (c.region) {
    case 'Europe':
    case 'Africa':
      return 'EMEA';
    case 'Americas':
      return c.subregion === 'North America' ? 'USCAN' : 'LATAM';
    case 'Asia':
      return c.subregion === 'Western Asia' || c.subregion === 'Central Asia' ? 'EMEA' : 'APAC';
    default:
      return 'APAC'; // Oceania, Antarctic
  }
}

const BY_CODE = new Map<string, Region>((countries as CountryRow[]).map((c) => [c.cca2, regionFor(c)]));

export const isCountryCode = (code: string): boolean => BY_CODE.has(code);

/** The region of an ISO 3166-1 alpha-2 code, or undefined for an unknown code. */
export const regionOf = (code: string): Region | undefined => BY_CODE.get(code);
