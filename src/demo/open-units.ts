/**
 * The floor's work in progress on the day the demo is built: returns received in the
 * weeks before it at every refurbishment centre, each still waiting in one of the
 * states a unit waits in (received, assessed, in refurbishment, refurbished,
 * dismantling), so the work queue, a unit's next steps and its label have something to
 * show. They are dated after the demo's last written day (2025-03-31), so the published
 * 2022–2024 table and 2025's figures do not move; their outgoing loads name no vendor
 * (free text), so no shipment or certificate changes either. Drawn from their own
 * seeded generator: the same day gives the same units.
 */
import { PRODUCTS, REGION_SPECS, RETURN_CHANNELS, type Product } from './catalog.js';
import { DEMO_END } from './downstream.js';
import { addDays, type PlannedUnit, type Step } from './plan.js';
import { createRng, type Rng } from './prng.js';
import { dataBearingOf, isConsole, sanitizationRecord } from './sanitization.js';

/** Where a unit stands on the demo's day. */
type Waiting = 'received' | 'assessed_recycle' | 'assessed_harvest' | 'in_refurbishment' | 'refurbished' | 'dismantling';

/** Each centre's open work: what arrived and how far it got. China's collection point recycles only and is left out. */
const SITES: readonly { region: string; products: readonly string[] }[] = [
  { region: 'USCAN', products: ['CT', 'MR', 'US', 'XR', 'MAMMO', 'CT', 'US'] },
  { region: 'EMEA', products: ['MR', 'CT', 'XR', 'US', 'MI', 'CT', 'MR'] },
  { region: 'JAPAN', products: ['CT', 'US', 'XR', 'MR', 'MAMMO', 'US', 'CT'] },
  { region: 'INDIA', products: ['US', 'XR', 'CT', 'US', 'MAMMO', 'XR', 'CT'] },
  { region: 'LATAM', products: ['SURG', 'MUC', 'MAG', 'SURG', 'MUC', 'MAG', 'SURG'] },
];
/** The states of a centre's units, in the order of SITES' products. */
const STATES: readonly Waiting[] = ['received', 'received', 'assessed_recycle', 'assessed_harvest', 'in_refurbishment', 'refurbished', 'dismantling'];

/** How long before the demo's day the open units arrived: at most this many days. */
const OLDEST_DAYS = 45;
/** Ids of the open units start here, far above the ledger's own, so their serials never meet an earlier one. */
const FIRST_INDEX = 900_001;
const gramsOf = (kg: number) => Math.round(kg * 10) * 100;

function plan(rng: Rng, p: Product, region: string, state: Waiting, today: string, index: number): PlannedUnit {
  const spec = REGION_SPECS[region]!;
  // Received 10 or more days back: its steps (1–2 days apart, at most four) all fall before the demo's day.
  const receivedAt = addDays(today, -rng.int(10, OLDEST_DAYS));
  const intakeG = gramsOf(p.kg[0] + rng.next() * (p.kg[1] - p.kg[0]));
  const u: PlannedUnit = {
    index,
    product: p.key,
    serial: `${p.key}${receivedAt.slice(2, 4)}-${String(index).padStart(6, '0')}`,
    category: p.category,
    modality: p.modality,
    model: rng.pick(p.models),
    originCountry: rng.pick(spec.countries),
    region,
    siteCode: spec.site,
    receivedAt,
    returnChannel: rng.weighted(RETURN_CHANNELS),
    steps: [],
    pendingG: intakeG,
    later: [],
  };
  if (isConsole(u)) u.dataBearing = true;
  let date = receivedAt;
  const next = () => (date = addDays(date, rng.int(1, 2)));
  const step = (s: Step) => {
    u.steps.push(s);
    if ('grams' in s) u.pendingG -= s.grams;
  };
  if (state === 'received') return u;
  // A unit assessed for recycling that may hold patient data waits for its sanitization: nothing may leave it before.
  const route = state === 'in_refurbishment' || state === 'refurbished' ? 'refurbish' : state === 'assessed_recycle' ? 'recycle' : 'harvest';
  step({ type: 'assessed', date: next(), grade: route === 'refurbish' ? 'B' : route === 'harvest' ? 'C' : 'D', route });
  if (state === 'in_refurbishment' || state === 'refurbished') {
    step({ type: 'refurbishment_started', date: next(), siteCode: spec.site });
    if (state === 'refurbished') step({ type: 'refurbished', date: next() });
  }
  if (state === 'dismantling') {
    step({ type: 'part_harvested', date: next(), grams: gramsOf((intakeG / 1000) * (0.02 + rng.next() * 0.03)), partNumber: `${p.key}-P${rng.int(1000, 9999)}` });
    // A data-bearing unit's media are wiped before its first load goes to the recycler.
    if (dataBearingOf(u)) step(sanitizationRecord(rng, u, next(), 'purge', `DS-${spec.site}-${date.slice(0, 4)}-9${String(index).slice(-4)}`));
    step({ type: 'recycled', date: next(), grams: gramsOf((intakeG / 1000) * (0.45 + rng.next() * 0.2)), material: p.materials[0]!, recycler: spec.recycler });
  }
  return u;
}

/** The open units on `today` (a day after the demo's last written day). */
export function planOpenUnits(today: string, seed: number): PlannedUnit[] {
  if (addDays(today, -OLDEST_DAYS) <= DEMO_END) throw new Error(`the demo's open units arrive in the ${OLDEST_DAYS} days before ${today}, which must all fall after its last written day ${DEMO_END}`);
  const rng = createRng(seed);
  let index = FIRST_INDEX;
  return SITES.flatMap(({ region, products }) =>
    products.map((key, i) => plan(rng, PRODUCTS.find((p) => p.key === key)!, region, STATES[i]!, today, index++)),
  );
}
