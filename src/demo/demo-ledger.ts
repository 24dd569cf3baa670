/**
 * The demo database: a deterministic synthetic ledger for 2022–2024 whose default-scope
 * KPIs reproduce the published table to the kilogram, written through the real
 * services, with 2022 published and 2023 published, restated and published again; and
 * the floor's open units on the day it is built (open-units.ts).
 */
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { ReadCache } from '../db/read-cache.js';
import { transaction } from '../db/tx.js';
import type { Deps, RequestCtx, Role } from '../http/context.js';
import { createKey } from '../modules/keys/keys.service.js';
import { computeForScope, yearTotals } from '../modules/kpis/kpis.service.js';
import { readLedgerHead } from '../modules/ledger/ledger-head.repo.js';
import { setBoundary } from '../modules/periods/periods.service.js';
import { createSite, findSite } from '../modules/sites/sites.service.js';
import { todayUtc, systemClock } from '../domain/dates.js';
import { custodyReader } from '../modules/units/units.service.js';
import { DEMO_BOUNDARIES, DEMO_YEARS, EXTRA_SITES, PUBLISHED, UNITS_RECOVERED_2024 } from './catalog.js';
import { DEMO_SEED, planDemo } from './demo-plan.js';
import { custodyTracker, DEMO_END, vendorOps } from './downstream.js';
import { createRng } from './prng.js';
import { planOpenUnits } from './open-units.js';
import { upgradeOps } from './upgrades.js';
import { writePlan, writeUnits } from './write.js';

/** A fixed, documented admin key: fine for a throw-away demo database, never for real data. */
export const DEMO_ADMIN_KEY = 'ctk_demo_admin_key_for_the_demo_database_only';

function settableClock(iso: string) {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s: string) => void (now = new Date(s)) };
}

export type DemoSummary = {
  units: number;
  events: number;
  chinaUnits: number;
  pendingUnits: number;
  /** Units still on the floor on the day the demo was built (received in the weeks before it). */
  openUnits: number;
  restatedSerial: string;
  magnetUpgrades: number;
  sanitizations: number;
  /** Serials of the data-bearing units that left custody without a sanitization record (2022). */
  legacySerials: string[];
  vendors: number;
  shipments: number;
  receipted: number;
  years: Record<number, ReturnType<typeof yearTotals>>;
  /** Per year: what the reporting boundary left out of the published figures. */
  outOfBoundary: Record<number, { units: number; kg: number }>;
  outOfBoundaryUnits: number;
  ledger: { seq: number; hash: string };
  ms: number;
};

/** The last day of every month from January 2022 to the demo's end. */
function monthEnds(): string[] {
  const out: string[] = [];
  for (let y = 2022, m = 1; `${y}-${String(m).padStart(2, '0')}` <= DEMO_END.slice(0, 7); m === 12 ? ((m = 1), (y += 1)) : (m += 1)) {
    out.push(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * `today` is the day the demo is built (default: the real date): the one date it takes
 * from the real clock, for a vendor certificate that is about to lapse.
 */
export function generateDemoLedger(db: Db, config: Config, opts: { today?: string } = {}): DemoSummary {
  const started = Date.now();
  const clock = settableClock('2022-01-01T08:00:00.000Z');
  const ids = createRng(DEMO_SEED + 1);
  // The demo depends on the China and sanitization policies being on, whatever the environment says.
  const deps: Deps = {
    db,
    config: { ...config, policyChinaExclusion: true, policySanitizationRequired: true },
    clock,
    newId: (prefix) => `${prefix}_${ids.id(16)}`,
    cache: new ReadCache(db),
  };
  const plan = planDemo();
  const today = opts.today ?? todayUtc(systemClock);
  const open = planOpenUnits(today, DEMO_SEED + 4);
  const setup: RequestCtx = { actor: null, requestId: 'demo-setup' };
  let custody: ReturnType<typeof custodyTracker> | undefined;
  transaction(deps.db, () => {
    for (const s of EXTRA_SITES) if (!findSite(deps, s.code)) createSite(deps, setup, s);
    const actor = (name: string, role: Role): RequestCtx => {
      const k = createKey(deps, setup, { name, role });
      return { actor: { keyId: k.id, role, name }, requestId: 'demo-ledger' };
    };
    const actors = { operator: actor('Demo operator', 'operator'), esg: actor('Demo ESG lead', 'esg'), admin: actor('Demo data steward', 'admin') };
    const engineer = actor('Demo lifecycle engineer', 'engineer');
    // Each year's scope footnote is set as its reporting boundary on the first day of the year.
    const boundaries = DEMO_YEARS.map((year) => ({
      date: `${year}-01-01`,
      run: () => void setBoundary(deps, actors.esg, year, { rules: DEMO_BOUNDARIES[year], note: `Scope footnote of the ${year} sustainability report.` }),
    }));
    const vendors = vendorOps(deps, actors.operator, today);
    vendors.register();
    custody = custodyTracker(deps, actors.operator, custodyReader(deps), DEMO_SEED + 3);
    const tracker = custody;
    const shipping = monthEnds().map((date) => ({ date, run: (schedule: (op: { date: string; run: () => void }) => void) => tracker.shipMonth(date).forEach(schedule) }));
    writePlan(deps, clock, actors, plan.units, [...boundaries, ...upgradeOps(deps, engineer, DEMO_SEED + 2), vendors.renewal, ...shipping], tracker);
    writeUnits(deps, clock, actors, open);
  });

  const years = Object.fromEntries(DEMO_YEARS.map((y) => [y, yearTotals(deps, y)]));
  for (const y of DEMO_YEARS) {
    const t = years[y]!;
    const printed = PUBLISHED[y];
    // Parts exact; the total is their sum, within the table's own 1 kg of rounding.
    if (t.reusedKg !== printed.reusedKg || t.landfilledKg !== printed.landfilledKg || Math.abs(t.totalKg - printed.totalKg) > 1) {
      throw new Error(`demo ledger misses the table for ${y}: reused ${t.reusedKg} kg, landfilled ${t.landfilledKg} kg, total ${t.totalKg} kg`);
    }
  }
  if (years[2024]!.unitsClosed !== UNITS_RECOVERED_2024) throw new Error(`demo ledger recovers ${years[2024]!.unitsClosed} units in 2024`);
  const count = (sql: string) => Number(db.$client.prepare(sql).pluck().get());
  const outOfBoundary = Object.fromEntries(
    DEMO_YEARS.map((y) => {
      const o = computeForScope(deps, { from: `${y}-01-01`, to: `${y}-12-31`, includeChina: false }).outOfBoundary;
      return [y, { units: o.units, kg: o.kg }];
    }),
  );
  if (DEMO_YEARS.some((y) => outOfBoundary[y]!.kg === 0)) throw new Error('demo ledger has a year with no mass outside its boundary');
  const head = readLedgerHead(db);
  return {
    units: plan.units.length + open.length,
    events: count('SELECT count(*) FROM events'),
    chinaUnits: plan.units.filter((u) => u.region === 'CHINA').length,
    pendingUnits: plan.units.filter((u) => u.pendingG > 0).length,
    openUnits: open.length,
    restatedSerial: plan.restated.serial,
    magnetUpgrades: count('SELECT count(*) FROM magnet_upgrades'),
    sanitizations: count("SELECT count(*) FROM events WHERE type = 'data_sanitized'"),
    legacySerials: plan.units.filter((u) => u.legacy).map((u) => u.serial),
    vendors: count('SELECT count(*) FROM vendors'),
    ...custody!.counts(),
    years,
    outOfBoundary,
    outOfBoundaryUnits: plan.outOfBoundary.length,
    ledger: { seq: head.seq, hash: head.hash },
    ms: Date.now() - started,
  };
}
