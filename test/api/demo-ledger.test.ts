import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TARGET_G, PUBLISHED, UNITS_RECOVERED_2024 } from '../../src/demo/catalog.js';
import { generateDemoLedger, type DemoSummary } from '../../src/demo/demo-ledger.js';
import { verifyEvidenceLines } from '../../src/verifier/verify-evidence.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

// The demo replays ~16,000 units and ~57,000 events, ~200 shipments through the real services; that
// takes 30–60 s on a quiet machine, and several minutes on a shared one under load. The
// timeout only guards against a hang.
const GENERATION_MS = 900_000;

let t: TestApp;
let summary: DemoSummary;
beforeAll(() => {
  t = createTestApp();
  summary = generateDemoLedger(t.db, t.config, { today: '2026-06-15' });
}, GENERATION_MS);

// The published table, copied from ../shared/domain.md (not from the generator's catalog).
const TABLE = {
  2022: { reusedKg: 6_966_459, landfilledKg: 348_335, totalKg: 7_314_794 },
  2023: { reusedKg: 7_317_515, landfilledKg: 439_145, totalKg: 7_756_661 },
  2024: { reusedKg: 7_803_106, landfilledKg: 474_943, totalKg: 8_278_048 },
} as const;

type Group = { key: string; reusedKg: number; landfilledKg: number; totalKg: number; unitsClosed: number; diversionRate: number };

describe('the demo ledger', () => {
  it('when /kpis is asked for each year, then the magnet upgrades outside China count with their avoided CO2e', async () => {
    const all = await t.as('viewer').get('/api/v1/magnet-upgrades?limit=500');
    expect(all.body.items).toHaveLength(summary.magnetUpgrades);
    for (const year of [2022, 2023, 2024]) {
      const inYear = (all.body.items as Array<{ completedAt: string; region: string; avoidedT: number }>).filter((u) => u.completedAt.startsWith(String(year)));
      const inScope = inYear.filter((u) => u.region !== 'CHINA');
      const res = await t.as('viewer').get(`/api/v1/kpis?from=${year}-01-01&to=${year}-12-31`);
      expect(res.body.totals.magnetUpgrades).toBe(inScope.length);
      expect(res.body.excluded.magnetUpgrades).toBe(inYear.length - inScope.length);
      const expectedKg = inScope.reduce((s, u) => s + Math.round(u.avoidedT * 1000), 0);
      expect(Math.round(res.body.totals.co2AvoidedT * 1000)).toBe(expectedKg);
      expect(res.body.totals.co2AvoidedT / inScope.length).toBeGreaterThan(80);
    }
  });

  it('when /kpis is asked by year for 2022–2024, then reused and landfilled kg of the published table come out exactly', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2024-12-31&groupBy=year');
    expect(res.status).toBe(200);
    const byYear = Object.fromEntries((res.body.groups as Group[]).map((g) => [g.key, g]));
    for (const year of [2022, 2023, 2024] as const) {
      const g = byYear[String(year)]!;
      const printed = TABLE[year];
      expect(PUBLISHED[year]).toMatchObject(printed);
      // Reused and landfilled exactly as printed; the total is their sum (the report's own
      // totals for 2023 and 2024 are 1 kg off the sum of its printed parts).
      expect([g.reusedKg, g.landfilledKg]).toEqual([printed.reusedKg, printed.landfilledKg]);
      expect(g.totalKg).toBe(printed.reusedKg + printed.landfilledKg);
      expect(Math.abs(g.totalKg - printed.totalKg)).toBeLessThanOrEqual(1);
      expect([g.reusedKg, g.landfilledKg]).toEqual([DEMO_TARGET_G[year].reusedG / 1000, DEMO_TARGET_G[year].landfilledG / 1000]);
    }
    expect(UNITS_RECOVERED_2024).toBe(8050);
    expect(byYear['2024']).toMatchObject({ unitsClosed: 8050, diversionRate: 0.9426 });
    expect(res.body.excluded.units).toBe(summary.chinaUnits);
  });

  it('when 2022–2024 are asked, then there is no energy recovery and every v1.0 figure stands as v1.0 computed it', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2024-12-31&groupBy=year');
    for (const g of res.body.groups as (Group & { energyRecoveredKg: number; recoveryRate: number; recycledKg: number; refurbishedKg: number; harvestedKg: number })[]) {
      expect(g.energyRecoveredKg, g.key).toBe(0);
      expect(g.recoveryRate, g.key).toBe(g.diversionRate);
      // The v1.0 definitions, recomputed from the parts: total = reused + landfilled, rate = reused / total.
      const grams = (kg: number) => Math.round(kg * 1000);
      expect(grams(g.reusedKg)).toBe(grams(g.refurbishedKg) + grams(g.harvestedKg) + grams(g.recycledKg));
      expect(grams(g.totalKg)).toBe(grams(g.reusedKg) + grams(g.landfilledKg));
      expect(g.diversionRate).toBe(Math.round((grams(g.reusedKg) * 10_000) / grams(g.totalKg)) / 10_000);
    }
    const sasb = (await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024')).body;
    expect(sasb).toMatchObject({ energyRecoveredKg: 0, totalKg: TABLE[2024].reusedKg + TABLE[2024].landfilledKg });
  });

  it('when 2025 is asked, then the units pending at the end of 2024 finish there and EMEA’s residue goes to energy recovery', async () => {
    const t2025 = (await t.as('viewer').get('/api/v1/kpis?from=2025-01-01&to=2025-12-31')).body.totals;
    expect(t2025.energyRecoveredKg).toBeGreaterThan(0);
    const g = (kg: number) => Math.round(kg * 1000);
    expect(g(t2025.totalKg)).toBe(g(t2025.reusedKg) + g(t2025.energyRecoveredKg) + g(t2025.landfilledKg));
    expect(t2025.recoveryRate).toBeGreaterThan(t2025.diversionRate);
    const energy = t.db.$client
      .prepare("SELECT min(e.occurred_at) first, count(DISTINCT e.vendor_code) plants, min(u.region) lo, max(u.region) hi FROM events e JOIN units u ON u.id = e.unit_id WHERE e.type = 'energy_recovered'")
      .get();
    expect(energy).toEqual({ first: expect.stringMatching(/^2025-/), plants: 1, lo: 'EMEA', hi: 'EMEA' });
  });

  it('when the downstream vendors are checked, then every vendor load was certified on its day and Hungaro-Metal took nothing during its lapse', () => {
    const q = (sql: string) => t.db.$client.prepare(sql).all();
    expect(summary.vendors).toBe(8);
    // No recycled or energy-recovered event names a vendor outside one of its certificates.
    expect(
      q(`SELECT count(*) n FROM events e WHERE e.type IN ('recycled', 'energy_recovered') AND e.vendor_code IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM vendor_certifications c WHERE c.vendor_code = e.vendor_code AND c.valid_from <= e.occurred_at AND e.occurred_at <= c.valid_to)`),
    ).toEqual([{ n: 0 }]);
    expect(q("SELECT count(*) n FROM events WHERE vendor_code = 'HMZ-HU' AND occurred_at BETWEEN '2023-05-01' AND '2023-06-30'")).toEqual([{ n: 0 }]);
    expect(q("SELECT min(occurred_at) first, max(occurred_at) last FROM events WHERE vendor_code = 'RCY-DE'")).toEqual([{ first: expect.stringMatching(/^2023-05/), last: expect.stringMatching(/^2023-06/) }]);
    // The lapse shows in the certificates as recorded: one ends 2023-04-30, the renewal starts 2023-07-01.
    expect(q("SELECT valid_from, valid_to FROM vendor_certifications WHERE vendor_code = 'HMZ-HU' AND scheme = 'e-Stewards' ORDER BY seq")).toEqual([
      { valid_from: '2020-05-01', valid_to: '2023-04-30' },
      { valid_from: '2023-07-01', valid_to: '2028-06-30' },
    ]);
  });

  it('when the shipments are read, then most are receipted with small variances, and the downstream report agrees with /kpis', async () => {
    expect(summary.receipted).toBeGreaterThan(summary.shipments * 0.9);
    expect(summary.receipted).toBeLessThan(summary.shipments);
    const all = await t.as('viewer').get('/api/v1/shipments?limit=500');
    expect(all.body.items).toHaveLength(summary.shipments);
    for (const s of all.body.items as { status: string; varianceShare: number | null; shippedKg: number }[]) {
      if (s.status === 'receipted') expect(Math.abs(s.varianceShare!)).toBeLessThanOrEqual(0.0121);
      expect(s.shippedKg).toBeGreaterThan(0);
    }
    const d = (await t.as('viewer').get('/api/v1/reports/downstream?year=2024')).body.totals;
    expect(d.outgoingKg).toBe(Math.round((TABLE[2024].landfilledKg + (await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31')).body.totals.recycledKg) * 1000) / 1000);
    expect(d.toVendorsKg).toBeLessThan(d.outgoingKg); // landfills other than the US one are not registered
    expect(d.certifiedShare).toBeGreaterThan(0.8);
    expect(d.receiptedShare).toBeGreaterThan(0.8);
    expect(d.receiptedShare).toBeLessThan(1);
  });

  it('when 2022 is reported, then its scope is imaging, magnets and ultrasound only', async () => {
    const res = await t.as('viewer').get('/api/v1/kpis?from=2022-01-01&to=2022-12-31');
    expect(res.body.scope.categories).toEqual(['imaging', 'magnet', 'ultrasound']);
    expect(res.body.scope.regions).not.toContain('INDIA');
    const y2024 = await t.as('viewer').get('/api/v1/kpis?from=2024-01-01&to=2024-12-31');
    expect(y2024.body.scope.categories).toEqual(['imaging', 'magnet', 'magnet_upgrade_component', 'ultrasound', 'surgical']);
    expect(y2024.body.scope.regions).toContain('INDIA');
    expect(y2024.body.totals.pendingKg).toBeGreaterThan(0);
  });

  it('when the periods are read, then 2022 is published once and 2023 was restated as version 2', async () => {
    const p2022 = (await t.as('viewer').get('/api/v1/periods/2022')).body;
    expect(p2022).toMatchObject({ locked: true, comparedWith: 1, differences: {} });
    expect(p2022.versions[0].figures).toMatchObject({ reusedKg: 6_966_459, landfilledKg: 348_335, totalKg: 7_314_794 });

    const p2023 = (await t.as('viewer').get('/api/v1/periods/2023')).body;
    expect(p2023).toMatchObject({ locked: true, comparedWith: 2, differences: {} });
    const [v1, v2] = p2023.versions;
    expect(v2.figures).toMatchObject({ reusedKg: 7_317_515, landfilledKg: 439_145 });
    // Version 1 had one load as landfill that was in fact recycled; the total did not change.
    const g = (kg: number) => Math.round(kg * 1000);
    const moved = g(v1.figures.landfilledKg) - g(v2.figures.landfilledKg);
    expect(moved).toBeGreaterThan(0);
    expect(g(v2.figures.reusedKg) - g(v1.figures.reusedKg)).toBe(moved);
    expect(v1.figures.totalKg).toBe(v2.figures.totalKg);
    expect(p2023.unlocks).toHaveLength(1);

    const p2024 = (await t.as('viewer').get('/api/v1/periods/2024')).body;
    expect(p2024.locked).toBe(false);
  });

  it('when the SASB figure for 2024 is asked, then it is the 8,050 units and 7.8 million kg of the report', async () => {
    const res = await t.as('viewer').get('/api/v1/reports/sasb/hc-ms-410a-2?year=2024');
    expect(res.body).toMatchObject({ units: 8050, kg: 7_803_106 });
    expect(res.body.scope.statement).toMatch(
      /^Imaging and ultrasound from USCAN, EMEA, Japan and India; magnets, magnet-upgrade components and surgical worldwide \(reporting boundary, 2024\)\. Leaves out \d+ units \([\d,.]+ kg\) outside it in 2024; excludes \d+ units/,
    );
  });

  it('when each year is reported, then its footnote boundary applies and some real mass lies outside it', async () => {
    const words = {
      2022: 'Imaging and ultrasound from USCAN, EMEA and Japan; magnets worldwide',
      2023: 'Imaging and ultrasound from USCAN, EMEA and Japan; magnets, magnet-upgrade components and surgical worldwide',
      2024: 'Imaging and ultrasound from USCAN, EMEA, Japan and India; magnets, magnet-upgrade components and surgical worldwide',
    };
    for (const year of [2022, 2023, 2024] as const) {
      const res = await t.as('viewer').get(`/api/v1/kpis?from=${year}-01-01&to=${year}-12-31`);
      expect(res.body.scope.boundaries).toEqual([expect.objectContaining({ year, statement: words[year] })]);
      expect(res.body.outOfBoundary.kg).toBeGreaterThan(0);
      expect(res.body.outOfBoundary).toMatchObject(summary.outOfBoundary[year]!);
      const none = await t.as('viewer').get(`/api/v1/kpis?from=${year}-01-01&to=${year}-12-31&boundary=none`);
      expect(none.body.totals.totalKg).toBeCloseTo(res.body.totals.totalKg + res.body.outOfBoundary.kg, 3);
    }
    expect(summary.outOfBoundaryUnits).toBeGreaterThan(100);
  });

  it('when the ledger is verified, then the chain holds every unit and event, and the locked years carry heads on it', async () => {
    const v = (await t.as('esg').get('/api/v1/audit/verify')).body;
    expect(v).toMatchObject({ ok: true, entries: summary.units + summary.events, headSeq: summary.ledger.seq, headHash: summary.ledger.hash, publishedHeadsChecked: 3 });
    const p2022 = (await t.as('viewer').get('/api/v1/periods/2022')).body;
    const p2023 = (await t.as('viewer').get('/api/v1/periods/2023')).body;
    expect(p2022.versions[0]).toMatchObject({ ledgerSeq: expect.any(Number), ledgerHead: expect.stringMatching(/^[0-9a-f]{64}$/), boundary: { statement: expect.stringMatching(/^Imaging and ultrasound from USCAN, EMEA and Japan; magnets worldwide$/) } });
    expect(p2023.versions[1].ledgerSeq).toBeGreaterThan(p2023.versions[0].ledgerSeq);
    expect(p2023.versions[0].ledgerSeq).toBeGreaterThan(p2022.versions[0].ledgerSeq);
  });

  // Two whole bundles of ~20,000 lines each, hashed and replayed: past 30 s on a busy shared machine.
  it('when 2023’s evidence is downloaded and verified, then the lines alone reproduce both published versions', { timeout: 120_000 }, async () => {
    for (const version of [1, 2]) {
      const res = await t.as('esg').get(`/api/v1/periods/2023/evidence?version=${version}`).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      expect(res.status).toBe(200);
      const verdict = await verifyEvidenceLines((res.body as string).split('\n'));
      expect(verdict.failure).toBeNull();
      expect(verdict.ok).toBe(true);
    }
  });

  it('when the ledger is searched, then every release, recycling and landfill of a data-bearing unit has a standing sanitization before it, but for the handful of 2022 legacy units', () => {
    const unsanitized = t.db.$client
      .prepare(
        `SELECT DISTINCT u.serial_number FROM events g JOIN units u ON u.id = g.unit_id
         WHERE u.data_bearing = 1 AND g.type IN ('released', 'recycled', 'landfilled')
           AND NOT EXISTS (SELECT 1 FROM events v WHERE v.unit_id = g.unit_id AND v.voids_event_id = g.id)
           AND NOT EXISTS (SELECT 1 FROM events s WHERE s.unit_id = g.unit_id AND s.type = 'data_sanitized' AND s.seq < g.seq
             AND NOT EXISTS (SELECT 1 FROM events v WHERE v.unit_id = s.unit_id AND v.voids_event_id = s.id))
         ORDER BY u.serial_number`,
      )
      .pluck()
      .all();
    expect(summary.legacySerials).toHaveLength(6);
    expect(unsanitized).toEqual([...summary.legacySerials].sort());
    expect(summary.sanitizations).toBeGreaterThan(10_000);
    // Magnets hold no data; the magnet-upgrade consoles were marked data-bearing at intake and sanitized.
    const consoles = t.db.$client
      .prepare("SELECT count(*) AS n, sum(data_bearing) AS db FROM units WHERE category = 'magnet_upgrade_component' AND model = 'Console and electronics'")
      .get() as { n: number; db: number };
    expect(consoles.n).toBeGreaterThan(0);
    expect(consoles.db).toBe(consoles.n);
    expect(t.db.$client.prepare("SELECT count(*) FROM units WHERE category = 'magnet' AND data_bearing = 1").pluck().get()).toBe(0);
  });

  it('when the sanitization audit is read per year, then 2022 shows the legacy units without a record and 2023–2024 none; mostly purge, destroy for failed drives', async () => {
    const audits = [];
    for (const year of [2022, 2023, 2024]) {
      const res = await t.as('viewer').get(`/api/v1/reports/sanitization?from=${year}-01-01&to=${year}-12-31`);
      expect(res.status).toBe(200);
      const a = res.body;
      expect(a.sanitized + a.withoutRecord).toBe(a.dataBearingUnits);
      expect(a.byMethod.clear + a.byMethod.purge + a.byMethod.destroy).toBe(a.sanitized);
      expect(a.byMethod.purge / a.sanitized).toBeGreaterThan(0.8);
      expect(a.byMethod.destroy).toBeGreaterThan(0);
      audits.push(a);
    }
    const [y2022, y2023, y2024] = audits;
    expect(y2022.withoutRecord).toBe(6);
    expect(y2022.unitsWithoutRecord.map((u: { serialNumber: string }) => u.serialNumber).sort()).toEqual([...summary.legacySerials].sort());
    expect([y2023.withoutRecord, y2024.withoutRecord]).toEqual([0, 0]);
    expect(y2024.dataBearingUnits).toBeGreaterThan(5000);
  });

  it('when the demo is built, then units still wait at every refurbishment centre in every waiting state, all received in the weeks before its day, each with a next step', async () => {
    expect(summary.openUnits).toBe(35);
    const summaryRes = (await t.as('viewer').get('/api/v1/units/summary')).body as { bySite: { siteCode: string; byState: Record<string, { units: number; remainingKg: number }> }[] };
    for (const site of ['US-ROC', 'HU-EROC', 'JP-RC', 'IN-RC', 'BR-RC']) {
      const byState = summaryRes.bySite.find((s) => s.siteCode === site)!.byState;
      for (const state of ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling']) {
        expect(byState[state]?.units, `${site} ${state}`).toBeGreaterThan(0);
        expect(byState[state]!.remainingKg, `${site} ${state}`).toBeGreaterThan(0);
      }
    }
    const open = t.db.$client
      .prepare("SELECT id, received_at AS receivedAt FROM units WHERE state <> 'closed' ORDER BY received_at")
      .all() as { id: string; receivedAt: string }[];
    expect(open).toHaveLength(35);
    expect(open[0]!.receivedAt >= '2026-05-01' && open.at(-1)!.receivedAt <= '2026-06-05').toBe(true);
    for (const u of open) {
      const unit = (await t.as('viewer').get(`/api/v1/units/${u.id}`)).body as { allowedNext: string[]; events: { recordedAt: string }[] };
      expect(unit.allowedNext.filter((x) => x !== 'voided').length, u.id).toBeGreaterThan(0);
      expect(unit.events.every((e) => e.recordedAt < '2026-06-15'), u.id).toBe(true);
    }
    // One waits for its data sanitization before recycling (the floor sees why), one was sanitized on the way.
    const waiting = (await t.as('viewer').get('/api/v1/units?state=assessed&siteCode=HU-EROC')).body.items as { id: string; route: string }[];
    const toRecycle = waiting.find((u) => u.route === 'recycle')!;
    expect((await t.as('viewer').get(`/api/v1/units/${toRecycle.id}/sanitization`)).body.status).toBe('pending');
    expect((await t.as('viewer').get(`/api/v1/units/${toRecycle.id}`)).body.allowedNext).not.toContain('recycled');
  });

  it('when the units from China are looked up, then they were only ever recycled or landfilled', () => {
    const types = t.db.$client
      .prepare("SELECT DISTINCT e.type FROM events e JOIN units u ON u.id = e.unit_id WHERE u.origin_country = 'CN'")
      .pluck()
      .all();
    expect(types).toEqual(expect.arrayContaining(['assessed', 'recycled', 'landfilled']));
    expect(types.filter((x) => ['refurbishment_started', 'refurbished', 'released', 'part_harvested'].includes(x as string))).toEqual([]);
    expect(types).toContain('data_sanitized');
  });
});
