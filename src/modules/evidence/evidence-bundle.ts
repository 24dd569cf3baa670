/**
 * The evidence bundle of a published period version: NDJSON an assurer can re-perform
 * the figures from without our server (`npm run verify-evidence -- FILE`).
 *
 * Line 1, the header: the year and version, its boundary, figures, ledger head and
 * factor sets exactly as published. Then every unit the figures rest on, each followed
 * by its events, as ledger entries with `seq`, `prevHash` and `hash` (the entry is the
 * line less prevHash, hash and link); then the magnet upgrades behind magnetUpgrades and
 * co2AvoidedT (not ledger entries); then an `end` line with the counts. Every line
 * after the header carries `link` = sha256(link before + canonical JSON of the line
 * less its link), the first link being sha256 of the header's canonical JSON, so a
 * missing, added, reordered or edited line is named by the first link that fails.
 *
 * Which units: those in the version's scope (not China, inside its boundary) recorded
 * by its ledger head and received by the year's end, whose replayed timeline (entries
 * up to the head) moves something in the year or still holds mass at its start. Their
 * events are all of theirs up to the head, whatever their date: a void dated later can
 * cancel an event dated in the year.
 */
import { replay } from '../../domain/lifecycle.js';
import { boundaryTest, type BoundaryRule } from '../../domain/boundary.js';
import { canonicalJson, eventEntry, unitEntry } from '../../domain/ledger-chain.js';
import { hash as oneShotHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { Deps } from '../../http/context.js';
import { chinaExcludedDims, emptySums, netPendingG, type SumField } from '../kpis/kpi.js';
import { upgradeRows } from '../kpis/kpis.repo.js';
import { chinaSiteCodes } from '../kpis/kpis.service.js';
import { isChinaRegion } from '../../policies/index.js';
import { toVersionView } from '../periods/periods.service.js';
import { versionsOf, type VersionRow } from '../periods/periods.repo.js';
import { toLedgerEvent, unitFacts } from '../units/units.mapper.js';
import { unitsStore } from '../units/units.store.js';

export const EVIDENCE_FORMAT = 'circularity-evidence/1';

export const HASHING =
  'Each unit and event line is a ledger entry: hash = sha256(prevHash + RFC 8785 canonical JSON of the line without prevHash, hash and link), hex. ' +
  'link = sha256(previous line’s link + canonical JSON of the line without link); the first line after the header links to sha256(canonical JSON of the header).';

const PAGE = 1000;

export function findVersion(deps: Deps, year: number, version?: number): VersionRow {
  const versions = versionsOf(deps.db, year);
  const v = version === undefined ? versions[versions.length - 1] : versions.find((x) => x.version === version);
  if (!v) {
    const have = versions.length === 0 ? `${year} has no published version` : `${year} has versions 1–${versions.length}`;
    throw new DomainError('period.version_not_found', `${have}; lock the year to publish one.`, { extensions: { year, version: version ?? null } });
  }
  return v;
}

export function evidenceHeader(deps: Deps, v: VersionRow) {
  const view = toVersionView(v);
  return {
    kind: 'header' as const,
    format: EVIDENCE_FORMAT,
    year: v.year,
    version: v.version,
    publishedAt: view.publishedAt,
    publishedBy: view.publishedBy,
    note: view.note,
    // Units received at these sites count as from China (and are left out) like units of origin CN.
    scope: { from: `${v.year}-01-01`, to: `${v.year}-12-31`, chinaExcluded: true, chinaSites: [...chinaSiteCodes(deps)].sort() },
    boundary: view.boundary,
    figures: view.figures,
    ledgerSeq: view.ledgerSeq,
    ledgerHead: view.ledgerHead,
    factorSets: view.factorSets,
    hashing: HASHING,
  };
}

/** Whether a unit's timeline (up to the head) moves anything in [from, to] or holds mass at `from`. */
function restsOn(effects: { day: string; field: string; delta: number }[], from: string, to: string): boolean {
  const before = emptySums();
  for (const e of effects) {
    if (e.day > to) continue;
    if (e.day >= from) return true;
    before[e.field as SumField] += e.delta;
  }
  return netPendingG(before) !== 0;
}

type Line = Record<string, unknown>;

/** The bundle's lines after the header, without their links, a page of units at a time. */
export function* evidenceLines(deps: Deps, v: VersionRow): Generator<Line[]> {
  const store = unitsStore(deps.db);
  const from = `${v.year}-01-01`;
  const to = `${v.year}-12-31`;
  const rules = ((v.boundary as { rules?: BoundaryRule[] } | null)?.rules ?? null) as BoundaryRule[] | null;
  const inBoundary = boundaryTest(rules);
  const chinaSites = chinaSiteCodes(deps);
  // Versions published before the chain existed have no head: entries recorded by the publication then.
  const recorded = (seq: number | null, at: string) => (v.ledgerSeq !== null ? seq !== null && seq <= v.ledgerSeq : at <= v.publishedAt);
  const counts = { units: 0, events: 0, magnetUpgrades: 0 };

  let after = 0;
  for (;;) {
    const page = store.unitChainPage(after, PAGE);
    const lines: Line[] = [];
    for (const u of page) {
      if (!recorded(u.ledgerSeq, u.createdAt) || u.receivedAt > to) continue;
      if (chinaExcludedDims(u, chinaSites) || !inBoundary(u.category, u.region)) continue;
      const timeline = store.timeline(u.id).filter((e) => recorded(e.ledgerSeq, e.recordedAt));
      const r = replay(unitFacts(u), timeline.map(toLedgerEvent));
      if (!r.ok) throw new Error(`stored timeline of ${u.id} does not replay: ${r.error.detail}`);
      if (!restsOn(r.effects, from, to)) continue;
      lines.push({ ...unitEntry(u.ledgerSeq!, u), prevHash: u.prevHash, hash: u.hash });
      for (const e of timeline) lines.push({ ...eventEntry(e.ledgerSeq!, e), prevHash: e.prevHash, hash: e.hash });
      counts.units += 1;
      counts.events += timeline.length;
    }
    yield lines;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }

  const upgrades = upgradeRows(deps.db, { from, to }, v.publishedAt)
    .filter((u) => !isChinaRegion(u.region) && inBoundary('magnet', u.region))
    .map((u) => ({ kind: 'magnet_upgrade', id: u.id, completedAt: u.completedAt, region: u.region, avoidedKg: u.avoidedKg, factorSetId: u.factorSetId }));
  counts.magnetUpgrades = upgrades.length;
  yield [...upgrades, { kind: 'end', ...counts }];
}

const sha256Hex = (s: string) => oneShotHash('sha256', s, 'hex');

/** Links lines one after another, starting from the header. */
export function linker(header: object) {
  let link = sha256Hex(canonicalJson(header));
  return (line: Line): Line => {
    link = sha256Hex(link + canonicalJson(line));
    return { ...line, link };
  };
}
