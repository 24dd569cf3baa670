/**
 * KPI maths as pure functions over roll-up rows (kpi_daily summed by month and
 * dimensions) and magnet-upgrade rows. Everything is summed in integer grams and
 * converted to kilograms once, at the end, so every total equals the sum of its parts.
 */
import { gramsToKg } from '../../domain/mass.js';
import { isChinaRegion, isChinaReportRow } from '../../policies/index.js';
import { CUSTOMER_SITE, groupKey, isTimeGroup, timeBuckets, timeKey, type GroupBy } from './kpi-keys.js';

export const SUM_FIELDS = [
  'unitsReceived',
  'intakeG',
  'unitsClosed',
  'refurbishedUnits',
  'donatedUnits',
  'partsHarvested',
  'refurbishedG',
  'donatedG',
  'harvestedG',
  'recycledG',
  'landfilledG',
] as const;
export type SumField = (typeof SUM_FIELDS)[number];
export type Sums = Record<SumField, number>;

type DimCols = { region: string; category: string; modality: string; siteCode: string };
/** kpi_daily summed by month ('YYYY-MM') and dimensions, for the days of the report. */
export type RollupRow = Sums & DimCols & { month: string };
/** Mass still pending the day before the report's `from`, per dimensions: where pendingKg starts. */
export type OpeningRow = DimCols & { pendingG: number };

/** One magnet upgrade with its latest figure (null when none was ever computed). */
export type UpgradeRow = {
  id: string;
  completedAt: string;
  region: string;
  avoidedKg: number | null;
  factorSetId: string | null;
  factorSetName: string | null;
  factorSetVersion: string | null;
};

export const TOTAL_FIELDS = [
  'unitsReceived',
  'unitsClosed',
  'refurbishedUnits',
  'partsHarvested',
  'refurbishedKg',
  'harvestedKg',
  'recycledKg',
  'reusedKg',
  'landfilledKg',
  'totalKg',
  'diversionRate',
  'pendingKg',
  'magnetUpgrades',
  'co2AvoidedT',
] as const;
export type TotalField = (typeof TOTAL_FIELDS)[number];
export type Totals = Record<Exclude<TotalField, 'diversionRate'>, number> & { diversionRate: number | null };

/** An upgrade keeps an MR magnet in place, so it belongs to category magnet, modality MR. */
const UPGRADE_CATEGORY = 'magnet';
const UPGRADE_MODALITY = 'MR';

export const emptySums = (): Sums => Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Sums;

export function addSums(acc: Sums, row: Sums): void {
  for (const f of SUM_FIELDS) acc[f] += row[f];
}

export const reusedG = (s: Sums): number => s.refurbishedG + s.harvestedG + s.recycledG;
export const totalG = (s: Sums): number => reusedG(s) + s.landfilledG;
/** Intake minus every kilogram that left; donated is part of refurbished, so not counted twice. */
export const netPendingG = (s: Sums): number => s.intakeG - totalG(s);

/** reused / total as a ratio rounded to 4 decimals (0.9426 = 94.26 %); null when nothing moved. */
export function diversionRate(reused: number, total: number): number | null {
  if (total === 0) return null;
  return Math.round((reused * 10_000) / total) / 10_000;
}

export type UpgradeSums = { count: number; avoidedKg: number };

export function toTotals(s: Sums, pendingG: number, up: UpgradeSums = { count: 0, avoidedKg: 0 }): Totals {
  const reused = reusedG(s);
  const total = reused + s.landfilledG;
  return {
    unitsReceived: s.unitsReceived,
    unitsClosed: s.unitsClosed,
    refurbishedUnits: s.refurbishedUnits,
    partsHarvested: s.partsHarvested,
    refurbishedKg: gramsToKg(s.refurbishedG),
    harvestedKg: gramsToKg(s.harvestedG),
    recycledKg: gramsToKg(s.recycledG),
    reusedKg: gramsToKg(reused),
    landfilledKg: gramsToKg(s.landfilledG),
    totalKg: gramsToKg(total),
    diversionRate: diversionRate(reused, total),
    pendingKg: gramsToKg(pendingG),
    magnetUpgrades: up.count,
    // avoided_kg is integer kilograms, so tonnes have at most three decimals.
    co2AvoidedT: up.avoidedKg / 1000,
  };
}

export type KpiOptions = {
  from: string;
  to: string;
  groupBy?: GroupBy;
  includeChina: boolean;
  category?: string;
  region?: string;
  siteCode?: string;
};

/**
 * Which upgrades a report covers: upgrades are not units, so a site filter leaves
 * them out (they happen at the customer's site) and a category filter keeps them
 * only for `magnet`.
 */
export function upgradeInFilters(u: UpgradeRow, o: KpiOptions): boolean {
  if (o.siteCode !== undefined) return false;
  if (o.category !== undefined && o.category !== UPGRADE_CATEGORY) return false;
  if (o.region !== undefined && u.region !== o.region) return false;
  return u.completedAt.slice(0, 10) >= o.from && u.completedAt.slice(0, 10) <= o.to;
}

function upgradeKey(groupBy: GroupBy, u: UpgradeRow): string {
  if (groupBy === 'year' || groupBy === 'quarter' || groupBy === 'month') return timeKey(groupBy, u.completedAt);
  if (groupBy === 'region') return u.region;
  if (groupBy === 'category') return UPGRADE_CATEGORY;
  if (groupBy === 'modality') return UPGRADE_MODALITY;
  return CUSTOMER_SITE;
}

type Acc = { sums: Sums; netG: number; up: UpgradeSums };
const newAcc = (): Acc => ({ sums: emptySums(), netG: 0, up: { count: 0, avoidedKg: 0 } });
const hasFigures = (s: Sums): boolean => SUM_FIELDS.some((f) => s[f] !== 0);

export type FactorSetUse = { id: string; name: string | null; version: string | null; upgrades: number };

export type KpiResult = {
  totals: Totals;
  groups: ({ key: string } & Totals)[];
  excluded: { units: number; kg: number; magnetUpgrades: number };
  factorSets: FactorSetUse[];
  /** In-scope sums in grams, for reports that need more than the totals (donations). */
  sums: Sums;
  present: { categories: string[]; regions: string[] };
};

/**
 * Rows must already be narrowed by category/region/site; China is split off here:
 * rows of units from China (region CHINA) or received at a site in China
 * (`chinaSites`, the codes of sites in CN). Each roll-up row is one unit's
 * dimensions, so a unit is left out (and counted in `excluded`) once, whichever
 * reason applies.
 */
export function computeKpis(
  rows: RollupRow[],
  openings: OpeningRow[],
  upgrades: UpgradeRow[],
  o: KpiOptions,
  chinaSites: ReadonlySet<string> = new Set(),
): KpiResult {
  const excludeChina = !o.includeChina;
  const isChina = (r: DimCols) => isChinaReportRow({ region: r.region, siteCountry: chinaSites.has(r.siteCode) ? 'CN' : undefined });
  const all = newAcc();
  const excluded = { units: 0, g: 0, magnetUpgrades: 0 };
  const byKey = new Map<string, Acc>();
  const openingByKey = new Map<string, number>();
  let openingG = 0;
  const categories = new Set<string>();
  const regions = new Set<string>();
  const acc = (key: string) => byKey.get(key) ?? byKey.set(key, newAcc()).get(key)!;

  for (const r of openings) {
    if (excludeChina && isChina(r)) continue;
    openingG += r.pendingG;
    if (o.groupBy && !isTimeGroup(o.groupBy)) {
      const key = groupKey(o.groupBy, { ...r, month: o.from });
      openingByKey.set(key, (openingByKey.get(key) ?? 0) + r.pendingG);
    }
  }
  for (const r of rows) {
    if (excludeChina && isChina(r)) {
      excluded.units += r.unitsReceived;
      excluded.g += totalG(r);
      continue;
    }
    addSums(all.sums, r);
    all.netG += netPendingG(r);
    if (hasFigures(r)) {
      categories.add(r.category);
      regions.add(r.region);
    }
    if (o.groupBy) {
      const a = acc(groupKey(o.groupBy, { ...r, month: r.month }));
      addSums(a.sums, r);
      a.netG += netPendingG(r);
    }
  }

  const sets = new Map<string, FactorSetUse>();
  for (const u of upgrades) {
    if (!upgradeInFilters(u, o)) continue;
    if (excludeChina && isChinaRegion(u.region)) {
      excluded.magnetUpgrades += 1;
      continue;
    }
    regions.add(u.region);
    for (const a of [all, ...(o.groupBy ? [acc(upgradeKey(o.groupBy, u))] : [])]) {
      a.up.count += 1;
      a.up.avoidedKg += u.avoidedKg ?? 0;
    }
    if (u.factorSetId !== null) {
      const s = sets.get(u.factorSetId) ?? { id: u.factorSetId, name: u.factorSetName, version: u.factorSetVersion, upgrades: 0 };
      s.upgrades += 1;
      sets.set(u.factorSetId, s);
    }
  }

  return {
    totals: toTotals(all.sums, openingG + all.netG, all.up),
    groups: o.groupBy ? buildGroups(o.groupBy, byKey, openingByKey, openingG, o) : [],
    excluded: { units: excluded.units, kg: gramsToKg(excluded.g), magnetUpgrades: excluded.magnetUpgrades },
    factorSets: [...sets.values()].sort((a, b) => a.id.localeCompare(b.id)),
    sums: all.sums,
    present: { categories: [...categories].sort(), regions: [...regions].sort() },
  };
}

/**
 * Time groups: every bucket of the range, each with the mass still pending at its
 * end (opening balance plus the net of every bucket so far). Other groups: only
 * keys with some figure, each pending as of `to`.
 */
function buildGroups(
  groupBy: GroupBy,
  byKey: Map<string, Acc>,
  openingByKey: Map<string, number>,
  openingG: number,
  o: KpiOptions,
): ({ key: string } & Totals)[] {
  if (groupBy === 'year' || groupBy === 'quarter' || groupBy === 'month') {
    let pending = openingG;
    return timeBuckets(groupBy, o.from, o.to).map((key) => {
      const a = byKey.get(key) ?? newAcc();
      pending += a.netG;
      return { key, ...toTotals(a.sums, pending, a.up) };
    });
  }
  const keys = new Set([...byKey.keys(), ...openingByKey.keys()]);
  return [...keys]
    .sort()
    .map((key) => {
      const a = byKey.get(key) ?? newAcc();
      return { key, pendingG: (openingByKey.get(key) ?? 0) + a.netG, a };
    })
    .filter(({ pendingG, a }) => pendingG !== 0 || hasFigures(a.sums) || a.up.count > 0)
    .map(({ key, pendingG, a }) => ({ key, ...toTotals(a.sums, pendingG, a.up) }));
}
