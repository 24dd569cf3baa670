/**
 * Makes the planned ledger hit the published table exactly: per year, scale every
 * in-scope reused and landfilled mass by one factor (a few per cent at most, so masses
 * stay realistic), round to 100 g, then put the last few hundred grams of rounding on
 * the year's largest piece, so the year lands on DEMO_TARGET_G to the gram. Counts and dates are never touched.
 */
import { DEMO_TARGET_G, DEMO_YEARS, type DemoYear } from './catalog.js';
import { closedOn, massOf, type PlannedUnit, type Step } from './plan.js';

/** Whether a unit's step on a date counts in that year's published figures (not China, inside the year's boundary). */
export type Counts = (u: PlannedUnit, date: string) => boolean;

type Kind = 'reused' | 'landfilled';
const kindOf = (s: Step): Kind | null =>
  s.type === 'landfilled' ? 'landfilled' : s.type === 'released' || s.type === 'part_harvested' || s.type === 'recycled' ? 'reused' : null;

export type YearFigures = { reusedG: number; landfilledG: number; unitsClosed: number };

/** What /kpis will say for each year in default scope, worked out from the plan. */
export function planFigures(units: PlannedUnit[], counts: Counts): Record<DemoYear, YearFigures> {
  const out = Object.fromEntries(DEMO_YEARS.map((y) => [y, { reusedG: 0, landfilledG: 0, unitsClosed: 0 }])) as Record<DemoYear, YearFigures>;
  for (const u of units) {
    for (const s of u.steps) {
      if (!counts(u, s.date)) continue;
      const k = kindOf(s);
      const y = out[Number(s.date.slice(0, 4)) as DemoYear];
      if (k && y) y[k === 'reused' ? 'reusedG' : 'landfilledG'] += massOf(s);
    }
    const closed = closedOn(u);
    if (closed && counts(u, closed)) out[Number(closed.slice(0, 4)) as DemoYear].unitsClosed += 1;
  }
  return out;
}

export type Factors = Record<DemoYear, { reused: number; landfilled: number }>;

export function fitToTable(units: PlannedUnit[], counts: Counts): Factors {
  const pieces = new Map<string, Extract<Step, { grams: number }>[]>();
  for (const u of units) {
    for (const s of u.steps) {
      if (!counts(u, s.date)) continue;
      const k = kindOf(s);
      if (!k || !('grams' in s)) continue;
      const key = `${s.date.slice(0, 4)}:${k}`;
      const list = pieces.get(key);
      if (list) list.push(s);
      else pieces.set(key, [s]);
    }
  }
  const factors = {} as Factors;
  for (const year of DEMO_YEARS) {
    factors[year] = { reused: 1, landfilled: 1 };
    for (const kind of ['reused', 'landfilled'] as const) {
      const list = pieces.get(`${year}:${kind}`) ?? [];
      const target = DEMO_TARGET_G[year][kind === 'reused' ? 'reusedG' : 'landfilledG'];
      const before = list.reduce((g, s) => g + s.grams, 0);
      const f = target / before;
      for (const s of list) s.grams = Math.max(100, Math.round((s.grams * f) / 100) * 100);
      const largest = list.reduce((a, b) => (b.grams > a.grams ? b : a));
      largest.grams += target - list.reduce((g, s) => g + s.grams, 0);
      factors[year][kind] = f;
    }
  }
  return factors;
}
