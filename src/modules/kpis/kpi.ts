/**
 * KPI maths as pure functions over roll-up rows (kpi_daily summed by month and
 * dimensions) and magnet-upgrade rows. Everything is summed in integer grams and
 * converted to kilograms once, at the end, so every total equals the sum of its parts.
 */
import { gramsToKg } from '../../domain/mass.js';
import { gramsField, kgField, OUTFLOW_GRAMS, OUTFLOW_KG, OUTFLOWS, outflowsOf, type OutflowGrams, type OutflowKg } from '../../domain/outflows.js';
import { isChinaRegion, isChinaReportRow } from '../../policies/index.js';
import { CUSTOMER_SITE, groupKey, isTimeGroup, timeBuckets, timeKey, type GroupBy } from './kpi-keys.js';

/** The roll-up's fields: counters, intake, donations, and one grams field per outflow (domain/outflows.ts). */
export const SUM_FIELDS = [
  'unitsReceived',
  'intakeG',
  'measuredIntakeG',
  'unitsClosed',
  'refurbishedUnits',
  'donatedUnits',
  'partsHarvested',
  'donatedG',
  ...OUTFLOW_GRAMS,
] as const;
export type SumField = 'unitsReceived' | 'intakeG' | 'measuredIntakeG' | 'unitsClosed' | 'refurbishedUnits' | 'donatedUnits' | 'partsHarvested' | 'donatedG' | OutflowGrams;
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

/**
 * The published layout of the totals (and of the KPI CSV's columns) as of v1.1: v1.0's
 * fields, then v1.1's two after them so CSV columns keep their places.
 */
const V11_TOTALS = [
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
  'energyRecoveredKg',
  'recoveryRate',
] as const;
/** Every total: the v1.1 layout, then the KPI field of each later outflow of the list, in its order (new columns last). */
export const TOTAL_FIELDS = [...V11_TOTALS, ...OUTFLOW_KG.filter((f) => !(V11_TOTALS as readonly string[]).includes(f))] as readonly TotalField[];
export type TotalField = (typeof V11_TOTALS)[number] | OutflowKg;
type RateField = 'diversionRate' | 'recoveryRate';
export type Totals = Record<Exclude<TotalField, RateField>, number> & Record<RateField, number | null>;

/** An upgrade keeps an MR magnet in place, so it belongs to category magnet, modality MR. */
const UPGRADE_CATEGORY = 'magnet';
const UPGRADE_MODALITY = 'MR';

export const emptySums = (): Sums => Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Sums;

export function addSums(acc: Sums, row: Sums): void {
  for (const f of SUM_FIELDS) acc[f] += row[f];
}

const sumOf = (fields: readonly OutflowGrams[]) => (s: Record<OutflowGrams, number>): number => {
  let g = 0;
  for (const f of fields) g += s[f];
  return g;
};
/** Reused: the outflows of KPI class `reused` (refurbished + harvested + recycled): diversionRate's numerator. */
export const reusedG = sumOf(outflowsOf('reused').map(gramsField));
/** Recovered as energy (KPI class `recovered`): added to reused in recoveryRate's numerator. */
export const recoveredG = sumOf(outflowsOf('recovered').map(gramsField));
/** Everything that left: every outflow of the list. */
export const totalG = sumOf(OUTFLOW_GRAMS);
/** Intake minus every kilogram that left; donated is part of refurbished, so not counted twice. */
export const netPendingG = (s: Sums): number => s.intakeG - totalG(s);

/** part / total as a ratio rounded to 4 decimals (0.9426 = 94.26 %); null when nothing moved. */
export function ratio(part: number, total: number): number | null {
  if (total === 0) return null;
  return Math.round((part * 10_000) / total) / 10_000;
}
/** reused / total. */
export const diversionRate = ratio;

export type UpgradeSums = { count: number; avoidedKg: number };

/** Each outflow's kilograms (refurbishedKg, harvestedKg, ...), from its grams. */
export const outflowKg = (s: Record<OutflowGrams, number>): Record<OutflowKg, number> =>
  Object.fromEntries(OUTFLOWS.map((o) => [kgField(o), gramsToKg(s[gramsField(o)])])) as Record<OutflowKg, number>;

/** The totals of some roll-up sums, their fields in TOTAL_FIELDS order (the JSON, CSV and published versions read alike). */
export function toTotals(s: Sums, pendingG: number, up: UpgradeSums = { count: 0, avoidedKg: 0 }): Totals {
  const reused = reusedG(s);
  const total = totalG(s);
  const t: Totals = {
    unitsReceived: s.unitsReceived,
    unitsClosed: s.unitsClosed,
    refurbishedUnits: s.refurbishedUnits,
    partsHarvested: s.partsHarvested,
    ...outflowKg(s),
    reusedKg: gramsToKg(reused),
    totalKg: gramsToKg(total),
    diversionRate: diversionRate(reused, total),
    pendingKg: gramsToKg(pendingG),
    magnetUpgrades: up.count,
    // avoided_kg is integer kilograms, so tonnes have at most three decimals.
    co2AvoidedT: up.avoidedKg / 1000,
    recoveryRate: ratio(reused + recoveredG(s), total),
  };
  return Object.fromEntries(TOTAL_FIELDS.map((f) => [f, t[f]])) as Totals;
}

export type KpiOptions = {
  from: string;
  to: string;
  groupBy?: GroupBy;
  includeChina: boolean;
  category?: string;
  region?: string;
  siteCode?: string;
  /** Each year's reporting boundary; absent: none applies (boundary=none). */
  boundaryOf?: BoundaryOf;
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

type Acc = { sums: Sums; up: UpgradeSums };
const newAcc = (): Acc => ({ sums: emptySums(), up: { count: 0, avoidedKg: 0 } });
const hasFigures = (s: Sums): boolean => SUM_FIELDS.some((f) => s[f] !== 0);

export type FactorSetUse = { id: string; name: string | null; version: string | null; upgrades: number };

export type KpiResult = {
  totals: Totals;
  groups: ({ key: string } & Totals)[];
  excluded: { units: number; kg: number; magnetUpgrades: number };
  /** Left out because they lie outside the reporting boundary of their day's year (China is counted in `excluded` only). */
  outOfBoundary: { units: number; kg: number; magnetUpgrades: number };
  factorSets: FactorSetUse[];
  /** In-scope sums in grams, for reports that need more than the totals (donations). */
  sums: Sums;
  present: { categories: string[]; regions: string[] };
};

/** Which dimensions are in scope on a day of `year`: the China exclusion, then the year's boundary. */
export type ScopeTest = (year: number) => (d: Pick<DimCols, 'region' | 'category' | 'siteCode'>) => boolean;

/** The year's reporting boundary, as a test of a category and a region; absent: no boundary. */
export type BoundaryOf = (year: number) => (category: string, region: string) => boolean;

/**
 * Whether the China exclusion leaves these dimensions out (the roll-up's rows, an
 * evidence bundle's units): a unit from China (region CHINA) or received at a site in
 * China (`chinaSites`, the codes of sites in CN). Each roll-up row is one unit's
 * dimensions, so a unit is left out (and counted in `excluded`) once, whichever reason applies.
 */
export const chinaExcludedDims = (d: Pick<DimCols, 'region' | 'siteCode'>, chinaSites: ReadonlySet<string> = NO_SITES): boolean =>
  isChinaReportRow({ region: d.region, siteCountry: chinaSites.has(d.siteCode) ? 'CN' : undefined });
const NO_SITES: ReadonlySet<string> = new Set();

export function scopeTest(includeChina: boolean, boundaryOf?: BoundaryOf, chinaSites: ReadonlySet<string> = NO_SITES): ScopeTest {
  return (year) => {
    const inBoundary = boundaryOf?.(year);
    return (d) => (includeChina || !chinaExcludedDims(d, chinaSites)) && (inBoundary === undefined || inBoundary(d.category, d.region));
  };
}

const dimsKey = (d: DimCols) => `${d.region}\u0000${d.category}\u0000${d.modality}\u0000${d.siteCode}`;

/**
 * Mass still pending per dimensions (intake minus what left). Pending is a stock, so it
 * is judged by the scope of the day it is measured on: the boundary of the year that
 * day falls in, whatever boundary the intake or the moves were counted under.
 */
class Balances {
  readonly byDims = new Map<string, { dims: DimCols; g: number }>();

  add(d: DimCols, g: number): void {
    const k = dimsKey(d);
    const b = this.byDims.get(k);
    if (b) b.g += g;
    else this.byDims.set(k, { dims: { region: d.region, category: d.category, modality: d.modality, siteCode: d.siteCode }, g });
  }

  addAll(other: Balances): void {
    for (const { dims, g } of other.byDims.values()) this.add(dims, g);
  }

  sum(inScope: (d: DimCols) => boolean): number {
    let g = 0;
    for (const b of this.byDims.values()) if (inScope(b.dims)) g += b.g;
    return g;
  }
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Rows must already be narrowed by category/region/site. Each row is judged by the
 * scope of its month's year: China is split off first (`excluded`), then what lies
 * outside that year's boundary (`outOfBoundary`).
 */
export function computeKpis(
  rows: RollupRow[],
  openings: OpeningRow[],
  upgrades: UpgradeRow[],
  o: KpiOptions,
  chinaSites: ReadonlySet<string> = NO_SITES,
): KpiResult {
  const scopeOf = scopeTest(o.includeChina, o.boundaryOf, chinaSites);
  const all = newAcc();
  const excluded = { units: 0, g: 0, magnetUpgrades: 0 };
  const outside = { units: 0, g: 0, magnetUpgrades: 0 };
  const byKey = new Map<string, Acc>();
  const categories = new Set<string>();
  const regions = new Set<string>();
  const acc = (key: string) => byKey.get(key) ?? byKey.set(key, newAcc()).get(key)!;
  const timeGroup = o.groupBy !== undefined && isTimeGroup(o.groupBy) ? (o.groupBy as 'year' | 'quarter' | 'month') : undefined;

  const opening = new Balances();
  for (const r of openings) opening.add(r, r.pendingG);
  /** What each row adds to pending, whatever its scope (a later year's scope may take it in), by time bucket when grouped by time. */
  const nets = new Map<string, Balances>();
  const netsOf = (key: string) => nets.get(key) ?? nets.set(key, new Balances()).get(key)!;

  for (const r of rows) {
    netsOf(timeGroup ? timeKey(timeGroup, r.month) : '').add(r, netPendingG(r));
    if (!o.includeChina && chinaExcludedDims(r, chinaSites)) {
      excluded.units += r.unitsReceived;
      excluded.g += totalG(r);
      continue;
    }
    if (!scopeOf(yearOf(r.month))(r)) {
      outside.units += r.unitsReceived;
      outside.g += totalG(r);
      continue;
    }
    addSums(all.sums, r);
    if (hasFigures(r)) {
      categories.add(r.category);
      regions.add(r.region);
    }
    if (o.groupBy) addSums(acc(groupKey(o.groupBy, { ...r, month: r.month })).sums, r);
  }

  const sets = new Map<string, FactorSetUse>();
  for (const u of upgrades) {
    if (!upgradeInFilters(u, o)) continue;
    if (!o.includeChina && isChinaRegion(u.region)) {
      excluded.magnetUpgrades += 1;
      continue;
    }
    if (o.boundaryOf && !o.boundaryOf(yearOf(u.completedAt))(UPGRADE_CATEGORY, u.region)) {
      outside.magnetUpgrades += 1;
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

  const atEnd = new Balances();
  atEnd.addAll(opening);
  for (const n of nets.values()) atEnd.addAll(n);
  const endScope = scopeOf(yearOf(o.to));

  return {
    totals: toTotals(all.sums, atEnd.sum(endScope), all.up),
    groups: o.groupBy ? buildGroups(o.groupBy, byKey, { opening, nets, atEnd, endScope, scopeOf }, o) : [],
    excluded: { units: excluded.units, kg: gramsToKg(excluded.g), magnetUpgrades: excluded.magnetUpgrades },
    outOfBoundary: { units: outside.units, kg: gramsToKg(outside.g), magnetUpgrades: outside.magnetUpgrades },
    factorSets: [...sets.values()].sort((a, b) => a.id.localeCompare(b.id)),
    sums: all.sums,
    present: { categories: [...categories].sort(), regions: [...regions].sort() },
  };
}

type Pending = { opening: Balances; nets: Map<string, Balances>; atEnd: Balances; endScope: (d: DimCols) => boolean; scopeOf: ScopeTest };

/**
 * Time groups: every bucket of the range, each with the mass still pending at its end
 * (in the scope of that end's year). Other groups: only keys with some figure, each
 * pending as of `to`.
 */
function buildGroups(groupBy: GroupBy, byKey: Map<string, Acc>, p: Pending, o: KpiOptions): ({ key: string } & Totals)[] {
  if (groupBy === 'year' || groupBy === 'quarter' || groupBy === 'month') {
    const running = new Balances();
    running.addAll(p.opening);
    return timeBuckets(groupBy, o.from, o.to).map((key) => {
      const a = byKey.get(key) ?? newAcc();
      const n = p.nets.get(key);
      if (n) running.addAll(n);
      return { key, ...toTotals(a.sums, running.sum(p.scopeOf(yearOf(key))), a.up) };
    });
  }
  const pendingByKey = new Map<string, number>();
  for (const { dims, g } of p.atEnd.byDims.values()) {
    if (!p.endScope(dims)) continue;
    const key = groupKey(groupBy, { ...dims, month: o.from });
    pendingByKey.set(key, (pendingByKey.get(key) ?? 0) + g);
  }
  const keys = new Set([...byKey.keys(), ...pendingByKey.keys()]);
  return [...keys]
    .sort()
    .map((key) => ({ key, pendingG: pendingByKey.get(key) ?? 0, a: byKey.get(key) ?? newAcc() }))
    .filter(({ pendingG, a }) => pendingG !== 0 || hasFigures(a.sums) || a.up.count > 0)
    .map(({ key, pendingG, a }) => ({ key, ...toTotals(a.sums, pendingG, a.up) }));
}
