import { CHINA_SHARE, DEMO_BOUNDARIES, DEMO_TARGET_G, DEMO_YEARS, OUT_OF_BOUNDARY_RETURNS, PUBLISHED, UNITS_RECOVERED_2024, type DemoYear } from './catalog.js';
import { boundaryTest } from '../domain/boundary.js';
import { fitToTable, planFigures, type Factors } from './fit.js';
import { closedOn, isChina, meanMassKg, planReturn, planReturnOf, type PlannedUnit } from './plan.js';
import { createRng } from './prng.js';
import { planSanitization } from './sanitization.js';

export const DEMO_SEED = 20240615;
/** Extra returns a year needs for the weeks in process at its start that a fresh ledger lacks. */
const STARTUP = { 2022: 1.06, 2023: 1 } as const;

export type DemoPlan = { units: PlannedUnit[]; restated: PlannedUnit; factors: Factors; outOfBoundary: PlannedUnit[] };

const inBoundary = Object.fromEntries(DEMO_YEARS.map((y) => [y, boundaryTest(DEMO_BOUNDARIES[y])])) as Record<DemoYear, ReturnType<typeof boundaryTest>>;

/** Whether a step of a unit counts in its year's published figures: not China, inside that year's boundary. */
export const countsOn = (u: PlannedUnit, date: string): boolean => {
  const test = inBoundary[Number(date.slice(0, 4)) as DemoYear];
  return !isChina(u) && (test === undefined || test(u.category, u.region));
};

/**
 * The whole demo ledger as data. 2022 and 2023 get as many returns as their mass
 * needs; 2024 gets returns until exactly 8,050 in-scope units have closed in it
 * (each extra return closes in 2024 or stays pending, so the count steps by at most
 * one and lands on the number). Then masses are fitted to the table.
 */
export function planDemo(seed = DEMO_SEED): DemoPlan {
  const rng = createRng(seed);
  const units: PlannedUnit[] = [];
  const add = (year: DemoYear) => {
    const u = planReturn({ rng, year, index: units.length + 1 });
    units.push(u);
    return u;
  };
  for (const year of [2022, 2023] as const) {
    const totalKg = PUBLISHED[year].reusedKg + PUBLISHED[year].landfilledKg;
    // Some draws go to China, and 2022 starts with nothing in process from 2021.
    const n = Math.round((totalKg / meanMassKg(year) / (1 - CHINA_SHARE)) * STARTUP[year]);
    for (let i = 0; i < n; i++) add(year);
  }
  const closesIn2024 = (u: PlannedUnit) => (closedOn(u) ?? '').startsWith('2024') && countsOn(u, closedOn(u)!);
  let closed = units.filter(closesIn2024).length;
  while (closed < UNITS_RECOVERED_2024) if (closesIn2024(add(2024))) closed += 1;

  const restated = pickRestatement(units);
  const factors = fitToTable(units, countsOn);
  // Returns outside each year's boundary, from their own random stream, so the returns
  // above (and the fit) are the same with or without them; never in the figures.
  const outRng = createRng(seed + 3);
  const outOfBoundary: PlannedUnit[] = [];
  for (const year of DEMO_YEARS) {
    for (const { product, region, count } of OUT_OF_BOUNDARY_RETURNS[year]) {
      for (let i = 0; i < count; i++) {
        const u = planReturnOf({ rng: outRng, year, index: units.length + 1 }, product, region);
        units.push(u);
        outOfBoundary.push(u);
      }
    }
  }
  const figures = planFigures(units, countsOn);
  for (const year of [2022, 2023, 2024] as const) {
    const f = figures[year];
    if (f.reusedG !== DEMO_TARGET_G[year].reusedG || f.landfilledG !== DEMO_TARGET_G[year].landfilledG) {
      throw new Error(`demo plan misses the table for ${year}: ${JSON.stringify(f)}`);
    }
  }
  if (figures[2024].unitsClosed !== UNITS_RECOVERED_2024) throw new Error(`demo plan closes ${figures[2024].unitsClosed} units in 2024`);
  // Sanitizations move no mass and no date, so they are added once the table is met.
  planSanitization(units, seed + 3);
  return { units, restated, factors, outOfBoundary };
}

/**
 * The unit whose last recycling weight was first booked as landfill in 2023, found
 * after the year was published, and restated: a unit wholly processed in 2023 whose
 * last event is a recycling.
 */
function pickRestatement(units: PlannedUnit[]): PlannedUnit {
  const u = units.find((x) => {
    const last = x.steps[x.steps.length - 1];
    return (
      countsOn(x, x.receivedAt) &&
      x.pendingG === 0 &&
      x.receivedAt >= '2023-03-01' &&
      last?.type === 'recycled' &&
      !last.typo &&
      last.date <= '2023-10-31' &&
      last.grams > 500_000
    );
  });
  if (!u) throw new Error('no unit to restate in 2023');
  (u.steps[u.steps.length - 1] as { restate?: boolean }).restate = true;
  return u;
}
