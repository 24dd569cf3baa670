/**
 * The scope of a report in words, worded so it can be pasted under a published
 * figure (the source report footnotes every figure with its categories, regions and
 * the China exclusion).
 */
import { boundaryWords, CATEGORY_ORDER, CATEGORY_WORDS, listWords, type BoundaryRules } from '../../domain/boundary.js';
import { REGIONS } from '../../domain/regions.js';

export { listWords };

const inOrder = (values: Iterable<string>, order: readonly string[]) =>
  [...new Set(values)].sort((a, b) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b));

export const orderCategories = (c: Iterable<string>) => inOrder(c, CATEGORY_ORDER);
export const orderRegions = (r: Iterable<string>) => inOrder(r, REGIONS);


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
  /**
   * The reporting boundary of each year of the period (null: that year has none), when
   * boundaries apply; absent with boundary=none.
   */
  boundaries?: { year: number; rules: BoundaryRules | null }[];
  outOfBoundaryUnits?: number;
  outOfBoundaryKg?: number;
};

/** '2023' or '2023–2024'. */
const yearSpan = (a: number, b: number) => (a === b ? String(a) : `${a}–${b}`);

/**
 * The boundaries of a period the way the report's footnote words them: one sentence
 * when every year has the same, otherwise one per run of years that share theirs.
 */
export function boundarySentences(years: { year: number; rules: BoundaryRules | null }[]): string {
  const words = (r: BoundaryRules | null) => (r === null ? 'Everything recorded (no reporting boundary set)' : boundaryWords(r));
  const runs: { from: number; to: number; words: string }[] = [];
  for (const y of years) {
    const w = words(y.rules);
    const last = runs[runs.length - 1];
    if (last && last.words === w && last.to === y.year - 1) last.to = y.year;
    else runs.push({ from: y.year, to: y.year, words: w });
  }
  if (runs.length === 1) return `${runs[0]!.words} (reporting boundary, ${yearSpan(runs[0]!.from, runs[0]!.to)}).`;
  return runs.map((r) => `${yearSpan(r.from, r.to)}: ${r.words}.`).join(' ');
}

function chinaWords(f: ScopeFacts): string {
  if (f.includeChina) return 'includes units from China (includeChina=true)';
  if (f.excludedUnits === 0 && f.excludedKg === 0) return 'excludes units from China (none in this period)';
  const kg = f.excludedKg > 0 ? ` (${fmt(f.excludedKg)} kg)` : '';
  return (
    `excludes ${fmt(f.excludedUnits)} ${f.excludedUnits === 1 ? 'unit' : 'units'}${kg} from China, ` +
    'which the China exclusion policy keeps out of refurbishment and out of these figures'
  );
}

function narrowedWords(f: ScopeFacts): string | null {
  const filters = f.filters ?? {};
  const narrowed = [
    filters.category && `category ${filters.category}`,
    filters.region && `region ${filters.region}`,
    filters.siteCode && `site ${filters.siteCode}`,
  ].filter(Boolean) as string[];
  return narrowed.length ? `limited to ${listWords(narrowed)}` : null;
}

/** With a reporting boundary in force in some year of the period: the footnote first, then what was left out. */
function boundedStatement(f: ScopeFacts): string {
  const units = f.outOfBoundaryUnits ?? 0;
  const kg = f.outOfBoundaryKg ?? 0;
  const outside =
    units === 0 && kg === 0
      ? `nothing recorded ${periodWords(f.from, f.to)} lies outside it`
      : `leaves out ${fmt(units)} ${units === 1 ? 'unit' : 'units'}${kg > 0 ? ` (${fmt(kg)} kg)` : ''} outside it ${periodWords(f.from, f.to)}`;
  const parts = [outside, narrowedWords(f), chinaWords(f)].filter(Boolean) as string[];
  const rest = parts.join('; ');
  return `${boundarySentences(f.boundaries!)} ${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
}

export function scopeStatement(f: ScopeFacts): string {
  if (f.boundaries?.some((b) => b.rules !== null)) return boundedStatement(f);
  const when = periodWords(f.from, f.to);
  const cats = orderCategories(f.categories).map((c) => CATEGORY_WORDS[c as keyof typeof CATEGORY_WORDS] ?? c);
  const regions = orderRegions(f.regions);
  const parts: string[] = [];
  parts.push(
    cats.length === 0
      ? `Covers no returned systems: none were received or processed in scope ${when}`
      : `Covers ${listWords(cats)} systems returned in ${listWords(regions)} ${when}`,
  );
  const narrowed = narrowedWords(f);
  if (narrowed) parts.push(narrowed);
  parts.push(chinaWords(f));
  return `${parts.join('; ')}.`;
}
