/**
 * Builds a large ledger fast: raw prepared statements in big transactions, with the
 * journal off while building. The roll-up (kpi_daily) is still exactly what the app
 * would hold: every unit's timeline goes through the same pure `replay` from
 * lifecycle.ts, and its effects are summed per (day, region, category, modality, site).
 */
import type { Db } from '../src/db/client.js';
import { createRng, type Rng } from '../src/demo/prng.js';
import { gramsColumn, OUTFLOW_GRAMS, OUTFLOWS } from '../src/domain/outflows.js';
import { ROLLUP_COLUMNS } from '../src/modules/kpis/rollup.repo.js';
import { replay, type LedgerEvent, type RollupField } from '../src/domain/lifecycle.js';

const FIELDS = Object.keys(ROLLUP_COLUMNS) as RollupField[];
const FIELD_INDEX = new Map(FIELDS.map((f, i) => [f, i]));

type Product = { category: string; modality: string | null; kg: [number, number]; w: number };
const PRODUCTS: Product[] = [
  { category: 'imaging', modality: 'CT', kg: [2000, 2600], w: 10 },
  { category: 'imaging', modality: 'MR', kg: [4000, 7000], w: 5 },
  { category: 'imaging', modality: 'XR', kg: [500, 1000], w: 14 },
  { category: 'imaging', modality: 'MI', kg: [1800, 3500], w: 2 },
  { category: 'imaging', modality: 'MAMMO', kg: [300, 500], w: 6 },
  { category: 'ultrasound', modality: null, kg: [80, 150], w: 30 },
  { category: 'surgical', modality: null, kg: [250, 450], w: 14 },
  { category: 'magnet', modality: null, kg: [3000, 7000], w: 3 },
  { category: 'magnet_upgrade_component', modality: null, kg: [150, 800], w: 16 },
];
const REGIONS: [string, string, string, number][] = [
  // region, origin country, site, weight
  ['USCAN', 'US', 'US-ROC', 38],
  ['EMEA', 'DE', 'HU-EROC', 30],
  ['JAPAN', 'JP', 'JP-RC', 11],
  ['INDIA', 'IN', 'IN-RC', 6],
  ['LATAM', 'BR', 'BR-RC', 7],
  ['APAC', 'AU', 'JP-RC', 5],
  ['CHINA', 'CN', 'CN-SH', 3],
];

const PRODUCT_WEIGHTS = PRODUCTS.map((x) => [x, x.w] as const);
const REGION_WEIGHTS = REGIONS.map((x) => [x, x[3]] as const);

/** The span the units arrive over: 2022–2024 unless a bench asks for another. */
export type Span = { firstDay: string; lastDay: string };
const DEFAULT_SPAN: Span = { firstDay: '2022-01-01', lastDay: '2024-12-31' };

type Planned = { type: LedgerEvent['type']; day: number; massG: number | null; data: string; route?: LedgerEvent['route']; channel?: LedgerEvent['channel']; voids?: number };

/** A unit's timeline as day offsets: refurbish (4 events), harvest (3–7), recycle (2–4), some voided corrections. */
function timeline(rng: Rng, intakeG: number, received: number, china: boolean, energyFrom: number | null = null): Planned[] {
  const out: Planned[] = [];
  let d = received + rng.int(1, 6);
  const r = rng.next();
  const route = china ? (r < 0.9 ? 'recycle' : 'landfill') : r < 0.36 ? 'refurbish' : r < 0.66 ? 'harvest' : r < 0.98 ? 'recycle' : 'landfill';
  out.push({ type: 'assessed', day: d, massG: null, data: `{"grade":"C","route":"${route}"}`, route });
  if (route === 'refurbish') {
    const channel = rng.chance(0.08) ? 'donation' : 'sale';
    out.push({ type: 'refurbishment_started', day: (d += rng.int(1, 5)), massG: null, data: '{"siteCode":"US-ROC"}' });
    out.push({ type: 'refurbished', day: (d += rng.int(5, 30)), massG: null, data: '{}' });
    out.push({ type: 'released', day: d + rng.int(1, 10), massG: null, data: `{"channel":"${channel}","destinationCountry":"US"}`, channel });
    return out;
  }
  let left = intakeG;
  const take = (f: number) => Math.min(left, Math.max(1000, Math.round(intakeG * f)));
  if (route === 'harvest') {
    for (let i = rng.int(1, 3); i > 0; i--) {
      const g = take(0.01 + rng.next() * 0.03);
      left -= g;
      out.push({ type: 'part_harvested', day: (d += rng.int(1, 5)), massG: g, data: '{"partNumber":"P-1","destination":"service_stock"}' });
    }
  }
  const landfillG = route === 'landfill' ? left : rng.chance(0.15) ? 0 : Math.min(left, take(0.03 + rng.next() * 0.1));
  let recycleG = left - landfillG;
  // Heavy systems go to the recycler in two streams (steel, then copper and electronics).
  if (recycleG > 1_500_000) {
    const steel = Math.round(recycleG * 0.7);
    recycleG -= steel;
    out.push({ type: 'recycled', day: (d += rng.int(1, 5)), massG: steel, data: '{"material":"ferrous","recycler":"R"}' });
  }
  if (recycleG > 0) {
    // One recycling in fifty is first typed wrong, voided and entered again.
    if (rng.chance(0.02)) {
      d += rng.int(1, 5);
      out.push({ type: 'recycled', day: d, massG: Math.max(1, Math.round(recycleG * 0.9)), data: '{"material":"mixed","recycler":"R"}' });
      out.push({ type: 'voided', day: d, massG: null, data: '{"reason":"mistyped"}', voids: out.length - 1 });
      out.push({ type: 'recycled', day: d, massG: recycleG, data: '{"material":"mixed","recycler":"R"}' });
    } else out.push({ type: 'recycled', day: (d += rng.int(1, 5)), massG: recycleG, data: '{"material":"mixed","recycler":"R"}' });
  }
  if (landfillG > 0) {
    const day = d + rng.int(0, 4);
    // From July 2024, EMEA's residue goes to energy recovery instead (no draw of its own, so the ledger is otherwise unchanged).
    if (energyFrom !== null && day >= energyFrom) out.push({ type: 'energy_recovered', day, massG: landfillG, data: '{"facility":"EfW"}' });
    else out.push({ type: 'landfilled', day, massG: landfillG, data: '{"reason":"residue"}' });
  }
  return out;
}

const pad = (n: number) => n.toString(36).padStart(8, '0');

export type BuildStats = { units: number; events: number; rollupRows: number; ms: number };

export function buildLedger(db: Db, units: number, seed = 1, span: Span = DEFAULT_SPAN): BuildStats {
  const started = Date.now();
  const first = Date.parse(`${span.firstDay}T00:00:00Z`);
  const DAYS = Math.round((Date.parse(`${span.lastDay}T00:00:00Z`) - first) / 86_400_000) + 1;
  const LAST = span.lastDay;
  // From July 2024, EMEA's residue goes to energy recovery (the day offset of 2024-07-01 in this span).
  const ENERGY_FROM = Math.round((Date.parse('2024-07-01T00:00:00Z') - first) / 86_400_000);
  const DAY = Array.from({ length: DAYS + 200 }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
  const sqlite = db.$client;
  const rng = createRng(seed);
  // Nothing to protect while building a throw-away file: no journal, no fsync.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1048576');
  sqlite.pragma('locking_mode = EXCLUSIVE');
  const insUnit = sqlite.prepare(`INSERT INTO units (id, serial_number, serial_key, category, modality, model, intake_g, mass_source, origin_country, region, site_code,
    received_at, return_channel, created_at, created_by, state, route, ${OUTFLOWS.map(gramsColumn).join(', ')},
    closed_at, last_event_at)
    VALUES (?, ?, ?, ?, ?, 'Bench model', ?, 'measured', ?, ?, ?, ?, 'trade_in', ?, 'key_bench', ?, ?, ${OUTFLOWS.map(() => '?').join(', ')}, ?, ?)`);
  const insEvent = sqlite.prepare(`INSERT INTO events (id, unit_id, type, occurred_at, mass_g, voids_event_id, data, recorded_at, actor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'key_bench')`);
  sqlite.prepare(`INSERT OR IGNORE INTO sites (code, name, country, region, created_at) VALUES ('BR-RC', 'LATAM', 'BR', 'LATAM', '2022-01-01'), ('CN-SH', 'Shanghai', 'CN', 'CHINA', '2022-01-01')`).run();

  const rollup = new Map<string, number[]>();
  let events = 0;
  let u = 0;
  const chunk = sqlite.transaction((n: number) => {
    for (let k = 0; k < n; k++, u++) {
      // Units arrive in date order, so the date indexes grow at their right edge.
      const received = Math.floor((u / units) * DAYS);
      const p = rng.weighted(PRODUCT_WEIGHTS);
      const [region, country, site] = rng.weighted(REGION_WEIGHTS);
      const intakeG = Math.round(1000 * (p.kg[0] + rng.next() * (p.kg[1] - p.kg[0])));
      const unitId = `unit_${pad(u)}`;
      const plan = timeline(rng, intakeG, received, region === 'CHINA', region === 'EMEA' ? ENERGY_FROM : null).filter((e) => DAY[e.day]! <= LAST);
      const ids = plan.map(() => `evt_${pad(events++)}`);
      const ledger: LedgerEvent[] = plan.map((e, i) => ({
        id: ids[i]!,
        type: e.type,
        occurredAt: DAY[e.day]!,
        massG: e.massG,
        voidsEventId: e.voids === undefined ? null : ids[e.voids]!,
        route: e.route,
        channel: e.channel,
      }));
      const receivedAt = DAY[received]!;
      const r = replay({ intakeG, originCountry: country, receivedAt }, ledger);
      if (!r.ok) throw new Error(`bench timeline of ${unitId} does not replay: ${r.error.detail}`);
      const b = r.projection.balance;
      insUnit.run(unitId, `SN${u}`, `sn${u}`, p.category, p.modality, intakeG, country, region, site, receivedAt, `${receivedAt}T12:00:00.000Z`,
        r.projection.state, r.projection.route, ...OUTFLOW_GRAMS.map((f) => b[f]), r.projection.closedAt,
        r.projection.lastEventAt);
      ledger.forEach((e, i) => insEvent.run(e.id, unitId, e.type, e.occurredAt, e.massG, e.voidsEventId, plan[i]!.data, `${e.occurredAt}T12:00:00.000Z`));
      const dims = `${region}|${p.category}|${p.modality ?? ''}|${site}`;
      for (const eff of r.effects) {
        const key = `${eff.day}|${dims}`;
        let row = rollup.get(key);
        if (!row) rollup.set(key, (row = FIELDS.map(() => 0)));
        row[FIELD_INDEX.get(eff.field)!]! += eff.delta;
      }
    }
  });
  for (let left = units; left > 0; left -= 50_000) chunk(Math.min(50_000, left));

  const cols = FIELDS.map((f) => ROLLUP_COLUMNS[f]);
  const insRollup = sqlite.prepare(`INSERT INTO kpi_daily (day, region, category, modality, site_code, ${cols.join(', ')}) VALUES (${['?', '?', '?', '?', '?', ...cols.map(() => '?')].join(', ')})`);
  sqlite.transaction(() => {
    for (const [key, row] of rollup) insRollup.run(...key.split('|'), ...row);
  })();
  sqlite.pragma('locking_mode = NORMAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  return { units, events, rollupRows: rollup.size, ms: Date.now() - started };
}
