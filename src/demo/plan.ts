/**
 * Plans the demo ledger as plain data: every unit with its events, dates and masses
 * in grams. Nothing here touches a database; write.ts replays the plan through the
 * real services.
 */
import type { Route } from '../domain/lifecycle.js';
import {
  CHINA_SHARE,
  DONATION_COUNTRIES,
  PRODUCTS,
  REGION_SPECS,
  RELEASE_CHANNELS,
  RETURN_CHANNELS,
  regionWeights,
  type DemoYear,
  type Product,
} from './catalog.js';
import type { Rng } from './prng.js';

export const HORIZON = '2024-12-31';

export type Step =
  | { type: 'assessed'; date: string; grade: 'A' | 'B' | 'C' | 'D'; route: Route }
  | { type: 'refurbishment_started'; date: string; siteCode: string }
  | { type: 'refurbished'; date: string }
  | { type: 'released'; date: string; grams: number; channel: 'sale' | 'redeployment' | 'donation'; destinationCountry: string }
  | { type: 'part_harvested'; date: string; grams: number; partNumber: string }
  | { type: 'recycled'; date: string; grams: number; material: string; recycler: string; typo?: boolean; restate?: boolean }
  | { type: 'landfilled'; date: string; grams: number; reason: string; facility: string }
  | {
      type: 'data_sanitized';
      date: string;
      method: 'clear' | 'purge' | 'destroy';
      media: { kind: 'hdd' | 'ssd' | 'flash' | 'other'; serial?: string }[];
      verifiedBy: string;
      certificateRef: string;
    }
  | { type: 'energy_recovered'; date: string; grams: number; facility: string };

export type PlannedUnit = {
  index: number;
  /** The catalog's product key (CT, MR, US, MUC...). */
  product: string;
  serial: string;
  category: Product['category'];
  modality?: Product['modality'];
  model: string;
  originCountry: string;
  region: string;
  siteCode: string;
  receivedAt: string;
  returnChannel: string;
  steps: Step[];
  /** Mass still on the unit at the horizon (not yet processed). */
  pendingG: number;
  /** Given at intake when it differs from the category's default (a magnet-upgrade console holds patient data). */
  dataBearing?: boolean;
  /** Processed before the floor recorded sanitization in the tracker: written with the gate off, and no record. */
  legacy?: boolean;
  /** The steps after the horizon, in order (their masses add up to pendingG): the demo writes the first months of 2025 from them. */
  later: Step[];
};

export const massOf = (s: Step): number => ('grams' in s ? s.grams : 0);
export const intakeOf = (u: PlannedUnit): number => u.steps.reduce((g, s) => g + massOf(s), 0) + u.pendingG;
export const isChina = (u: PlannedUnit): boolean => u.region === 'CHINA';
export const isClosed = (u: PlannedUnit): boolean => u.pendingG === 0;
export const closedOn = (u: PlannedUnit): string | null => (isClosed(u) ? u.steps[u.steps.length - 1]!.date : null);

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Masses travel in 100 g steps: a weighbridge reading to one decimal of a kilogram. */
const STEP_G = 100;
const toStep = (g: number) => Math.max(STEP_G, Math.round(g / STEP_G) * STEP_G);

/** Splits `total` grams into shares (fractions of it); the last part takes the rest so nothing is lost. */
function split(total: number, fractions: number[]): number[] {
  const parts = fractions.slice(0, -1).map((f) => toStep(total * f));
  parts.push(total - parts.reduce((a, b) => a + b, 0));
  return parts;
}

type Ctx = { rng: Rng; year: DemoYear; index: number };

function dismantleSteps(rng: Rng, p: Product, route: Route, intakeG: number, start: string, region: string): Step[] {
  const spec = REGION_SPECS[region]!;
  const fractions: { type: 'part_harvested' | 'recycled' | 'landfilled'; f: number }[] = [];
  if (route === 'harvest') {
    const n = rng.int(1, p.maxParts);
    for (let i = 0; i < n; i++) fractions.push({ type: 'part_harvested', f: 0.01 + rng.next() * 0.03 });
  }
  const landfill = route === 'landfill' ? 0.6 + rng.next() * 0.4 : rng.chance(0.35) ? 0 : 0.035 + rng.next() * 0.105;
  const used = fractions.reduce((a, b) => a + b.f, 0);
  const recycle = Math.max(0, 1 - used - landfill);
  // Big systems go to the recycler in two streams (steel first, then copper or electronics).
  const streams = intakeG > 3_000_000 && recycle > 0.3 ? 2 : recycle > 0 ? 1 : 0;
  const streamShares = streams === 2 ? [0.7, 0.3] : [1];
  for (let i = 0; i < streams; i++) fractions.push({ type: 'recycled', f: recycle * streamShares[i]! });
  if (landfill > 0) fractions.push({ type: 'landfilled', f: landfill });
  const grams = split(intakeG, fractions.map((x) => x.f));
  let date = start;
  return fractions.map((x, i) => {
    date = addDays(date, i === 0 ? rng.int(1, 7) : rng.int(0, 5));
    const g = grams[i]!;
    if (x.type === 'part_harvested') return { type: x.type, date, grams: g, partNumber: `${p.key}-P${rng.int(1000, 9999)}` };
    if (x.type === 'recycled') return { type: x.type, date, grams: g, material: p.materials[i % p.materials.length]!, recycler: spec.recycler };
    return { type: x.type, date, grams: g, reason: rng.pick(['non-recoverable residue', 'contaminated insulation', 'composite panels', 'mixed debris']), facility: spec.landfill };
  });
}

function refurbishSteps(rng: Rng, intakeG: number, start: string, siteCode: string, origin: string): Step[] {
  const started = addDays(start, rng.int(1, 7));
  const done = addDays(started, rng.int(10, 40));
  const released = addDays(done, rng.int(1, 14));
  const channel = rng.weighted(RELEASE_CHANNELS);
  const destinationCountry = channel === 'donation' ? rng.pick(DONATION_COUNTRIES) : origin;
  return [
    { type: 'refurbishment_started', date: started, siteCode },
    { type: 'refurbished', date: done },
    { type: 'released', date: released, grams: intakeG, channel, destinationCountry },
  ];
}

const GRADES: Record<Route, readonly ('A' | 'B' | 'C' | 'D')[]> = { refurbish: ['A', 'B'], harvest: ['B', 'C'], recycle: ['C', 'D'], landfill: ['D'] };

function planUnit(ctx: Ctx, p: Product, region: string, receivedAt: string): PlannedUnit {
  const { rng } = ctx;
  const spec = REGION_SPECS[region]!;
  const originCountry = rng.pick(spec.countries);
  const china = region === 'CHINA';
  let route: Route = rng.weighted(p.routes);
  if (china && (route === 'refurbish' || route === 'harvest')) route = 'recycle'; // the China exclusion
  const intakeG = toStep(1000 * (p.kg[0] + rng.next() * (p.kg[1] - p.kg[0])));
  const steps: Step[] = [];
  let assessedAt = addDays(receivedAt, rng.int(1, 10));
  // About one dismantled unit in a hundred was first routed to refurbishment, then re-assessed.
  if (!china && route !== 'refurbish' && rng.chance(0.01)) {
    steps.push({ type: 'assessed', date: assessedAt, grade: 'B', route: 'refurbish' });
    assessedAt = addDays(assessedAt, rng.int(2, 6));
  }
  steps.push({ type: 'assessed', date: assessedAt, grade: rng.pick(GRADES[route]), route });
  steps.push(
    ...(route === 'refurbish'
      ? refurbishSteps(rng, intakeG, assessedAt, spec.site, originCountry)
      : dismantleSteps(rng, p, route, intakeG, assessedAt, region)),
  );
  // About one in two hundred dismantled units has a mistyped recycling weight, voided and re-entered.
  const recycled = steps.find((s) => s.type === 'recycled');
  if (recycled && recycled.grams >= 10_000 && rng.chance(0.005)) recycled.typo = true;

  // Whatever would happen after the horizon has not happened yet: its mass is pending
  // (for a refurbishment not yet released, the whole unit).
  const done = steps.filter((s) => s.date <= HORIZON);
  const pendingG = steps.filter((s) => s.date > HORIZON).reduce((g, s) => g + massOf(s), 0);
  const i = ctx.index;
  return {
    index: i,
    product: p.key,
    serial: `${p.key}${String(ctx.year).slice(2)}-${String(i).padStart(6, '0')}`,
    category: p.category,
    modality: p.modality,
    model: rng.pick(p.models),
    originCountry,
    region,
    siteCode: spec.site,
    receivedAt,
    returnChannel: rng.weighted(RETURN_CHANNELS),
    steps: done,
    pendingG,
    later: steps.filter((s) => s.date > HORIZON),
  };
}

function randomDay(rng: Rng, year: number): string {
  const days = year % 4 === 0 ? 366 : 365;
  return addDays(`${year}-01-01`, rng.int(0, days - 1));
}

/** One return in `year`: a product by that year's shares, a region by the product's. */
export function planReturn(ctx: Ctx): PlannedUnit {
  const { rng, year } = ctx;
  const receivedAt = randomDay(rng, year);
  if (rng.chance(CHINA_SHARE)) {
    const p = rng.weighted(PRODUCTS.filter((x) => x.key === 'XR' || x.key === 'CT' || x.key === 'US').map((x) => [x, 1] as const));
    return planUnit(ctx, p, 'CHINA', receivedAt);
  }
  const p = rng.weighted(PRODUCTS.map((x) => [x, x.share[year]] as const));
  return planUnit(ctx, p, rng.weighted(regionWeights(p, year)), receivedAt);
}

/** One return of a given product from a given region in `year` (the demo's out-of-boundary returns). */
export function planReturnOf(ctx: Ctx, productKey: string, region: string): PlannedUnit {
  const p = PRODUCTS.find((x) => x.key === productKey);
  if (!p) throw new Error(`no product ${productKey}`);
  return planUnit(ctx, p, region, randomDay(ctx.rng, ctx.year));
}

/** Mean intake of a year's product mix, kg: how many returns a year's mass needs. */
export function meanMassKg(year: DemoYear): number {
  const total = PRODUCTS.reduce((s, p) => s + p.share[year], 0);
  return PRODUCTS.reduce((s, p) => s + (p.share[year] / total) * ((p.kg[0] + p.kg[1]) / 2), 0);
}
