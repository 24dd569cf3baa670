/**
 * The scope of a report in words, worded so it can be pasted under a published
 * figure (the source report footnotes every figure with its categories, regions and
 * the China exclusion).
 */
import { REGIONS } from '../../domain/regions.js';

const CATEGORY_WORDS: Record<string, string> = {
  imaging: 'imaging',
  ultrasound: 'ultrasound',
  magnet: 'magnets',
  magnet_upgrade_component: 'magnet-upgrade components',
  surgical: 'surgical',
};

/** The order the source report lists categories in, so statements read like it. */
const CATEGORY_ORDER = ['imaging', 'magnet', 'magnet_upgrade_component', 'ultrasound', 'surgical'];

const inOrder = (values: Iterable<string>, order: readonly string[]) =>
  [...new Set(values)].sort((a, b) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b));

export const orderCategories = (c: Iterable<string>) => inOrder(c, CATEGORY_ORDER);
export const orderRegions = (r: Iterable<string>) => inOrder(r, REGIONS);

/** 'a', 'a and b', 'a, b and c'. */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 3 });

/** 'in 2024' for a whole calendar year, else 'from 2024-01-01 to 2024-03-31'. */
export function periodWords(from: string, to: string): string {
  const y = from.slice(0, 4);
  return from === `${y}-01-01` && to === `${y}-12-31` ? `in ${y}` : `from ${from} to ${to}`;
}

export type ScopeFacts = {
  from: string;
  to: string;
  categories: string[];
  regions: string[];
  includeChina: boolean;
  excludedUnits: number;
  excludedKg: number;
  filters?: { category?: string; region?: string; siteCode?: string };
};

export function scopeStatement(f: ScopeFacts): string {
  const when = periodWords(f.from, f.to);
  const cats = orderCategories(f.categories).map((c) => CATEGORY_WORDS[c] ?? c);
  const regions = orderRegions(f.regions);
  const parts: string[] = [];
  parts.push(
    cats.length === 0
      ? `Covers no returned systems: none were received or processed in scope ${when}`
      : `Covers ${listWords(cats)} systems returned in ${listWords(regions)} ${when}`,
  );
  const filters = f.filters ?? {};
  const narrowed = [
    filters.category && `category ${filters.category}`,
    filters.region && `region ${filters.region}`,
    filters.siteCode && `site ${filters.siteCode}`,
  ].filter(Boolean) as string[];
  if (narrowed.length) parts.push(`limited to ${listWords(narrowed)}`);
  if (f.includeChina) parts.push('includes units from China (includeChina=true)');
  else if (f.excludedUnits === 0 && f.excludedKg === 0) parts.push('excludes units from China (none in this period)');
  else {
    const kg = f.excludedKg > 0 ? ` (${fmt(f.excludedKg)} kg)` : '';
    parts.push(
      `excludes ${fmt(f.excludedUnits)} ${f.excludedUnits === 1 ? 'unit' : 'units'}${kg} from China, ` +
        'which the China exclusion policy keeps out of refurbishment and out of these figures',
    );
  }
  return `${parts.join('; ')}.`;
}
