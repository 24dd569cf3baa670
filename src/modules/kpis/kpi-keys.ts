/**
 * Group keys and calendar buckets for KPI reports. Keys sort as text in time order
 * ('2024' < '2024-Q1' is never compared: one report uses one kind of key).
 */

export const GROUP_BYS = ['year', 'quarter', 'month', 'region', 'category', 'modality', 'site'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const TIME_GROUPS: readonly GroupBy[] = ['year', 'quarter', 'month'];
export const isTimeGroup = (g: GroupBy): boolean => TIME_GROUPS.includes(g);

/** The key of units without a modality (ultrasound, surgical, ...). */
export const NO_MODALITY = 'none';
/** Magnet upgrades happen at the customer's hospital, not at one of our sites. */
export const CUSTOMER_SITE = 'customer_site';

/** '2024-05-17' or '2024-05' → the key of its bucket. */
export function timeKey(groupBy: 'year' | 'quarter' | 'month', date: string): string {
  const year = date.slice(0, 4);
  if (groupBy === 'year') return year;
  const month = Number(date.slice(5, 7));
  if (groupBy === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The dimensions a rollup row (or an upgrade) is keyed by. */
export type Dims = { month: string; region: string; category: string; modality: string; siteCode: string };

export function groupKey(groupBy: GroupBy, d: Dims): string {
  switch (groupBy) {
    case 'year':
    case 'quarter':
    case 'month':
      return timeKey(groupBy, d.month);
    case 'region':
      return d.region;
    case 'category':
      return d.category;
    case 'modality':
      return d.modality === '' ? NO_MODALITY : d.modality;
    case 'site':
      return d.siteCode;
  }
}

/**
 * Every bucket key that the inclusive range from..to touches, in order, so a time
 * series has no holes (a quiet month shows as zeros rather than going missing).
 */
export function timeBuckets(groupBy: 'year' | 'quarter' | 'month', from: string, to: string): string[] {
  const keys: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    const key = timeKey(groupBy, `${y}-${String(m).padStart(2, '0')}`);
    if (keys[keys.length - 1] !== key) keys.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return keys;
}
