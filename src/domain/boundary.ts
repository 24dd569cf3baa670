/**
 * A year's reporting boundary: which categories, from which regions, that year's
 * published figures cover (the report's scope footnote). Mass outside it is real and
 * tracked, but not in that year's figures. Pure: the rules in, answers out.
 */
import { REGIONS, type Region } from './regions.js';
import { CATEGORIES, type Category } from './units.js';

/** `regions` null: every region. */
export type BoundaryRule = { category: Category; regions: Region[] | null };
export type BoundaryRules = readonly BoundaryRule[];

/** The order the source report lists categories in, so statements read like it. */
export const CATEGORY_ORDER: readonly Category[] = ['imaging', 'magnet', 'magnet_upgrade_component', 'ultrasound', 'surgical'];

export const CATEGORY_WORDS: Record<Category, string> = {
  imaging: 'imaging',
  ultrasound: 'ultrasound',
  magnet: 'magnets',
  magnet_upgrade_component: 'magnet-upgrade components',
  surgical: 'surgical',
};

export const REGION_WORDS: Record<Region, string> = {
  USCAN: 'USCAN',
  LATAM: 'Latin America',
  EMEA: 'EMEA',
  APAC: 'Asia-Pacific',
  JAPAN: 'Japan',
  INDIA: 'India',
  CHINA: 'China',
};

/** A boundary as a lookup: category → its regions (null: all). A null boundary covers everything. */
export type BoundaryTest = (category: string, region: string) => boolean;

export function boundaryTest(rules: BoundaryRules | null): BoundaryTest {
  if (rules === null) return () => true;
  const byCategory = new Map<string, Set<string> | null>();
  for (const r of rules) byCategory.set(r.category, r.regions === null ? null : new Set(r.regions));
  return (category, region) => {
    const regions = byCategory.get(category);
    return regions === null || (regions !== undefined && regions.has(region));
  };
}

/** 'a', 'a and b', 'a, b and c'. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const byOrder = <T>(order: readonly T[]) => (a: T, b: T) => order.indexOf(a) - order.indexOf(b);

/**
 * The boundary the way the report's footnote words it: categories that share their
 * regions are named together, e.g. "Imaging and ultrasound from USCAN, EMEA and Japan;
 * magnets, magnet-upgrade components and surgical worldwide".
 */
export function boundaryWords(rules: BoundaryRules): string {
  const groups = new Map<string, { regions: Region[] | null; categories: Category[] }>();
  const sorted = [...rules].sort((a, b) => byOrder(CATEGORY_ORDER)(a.category, b.category));
  for (const r of sorted) {
    const regions = r.regions === null ? null : [...new Set(r.regions)].sort(byOrder(REGIONS));
    const key = regions === null ? '*' : regions.join(',');
    const g = groups.get(key) ?? groups.set(key, { regions, categories: [] }).get(key)!;
    g.categories.push(r.category);
  }
  const parts = [...groups.values()].map(({ regions, categories }) => {
    const what = listWords(categories.map((c) => CATEGORY_WORDS[c]));
    return regions === null ? `${what} worldwide` : `${what} from ${listWords(regions.map((x) => REGION_WORDS[x]))}`;
  });
  if (parts.length === 0) return 'Nothing';
  const s = parts.join('; ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Rules in a stable order (the report's category order, regions in REGIONS order), as stored and answered. */
export function normalizeRules(rules: BoundaryRules): BoundaryRule[] {
  return [...rules]
    .sort((a, b) => byOrder(CATEGORY_ORDER)(a.category, b.category))
    .map((r) => ({ category: r.category, regions: r.regions === null ? null : [...new Set(r.regions)].sort(byOrder(REGIONS)) }));
}

export const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);
