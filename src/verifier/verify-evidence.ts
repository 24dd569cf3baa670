/**
 * The evidence verifier: re-performs a published period's figures from its evidence
 * bundle alone (no server, no database, no roll-up), as an outside assurer would.
 *
 * 1. Every line after the header must follow from the one before (its `link`), so the
 *    first line that was removed, added, moved or edited is named.
 * 2. Every unit and event line must match its own hash: sha256(prevHash + RFC 8785
 *    canonical JSON of the entry), computed with the reference implementation.
 * 3. Every unit must be in the published scope (not China, inside the boundary), every
 *    entry at or before the published ledger head, every event after its unit.
 * 4. The figures are recomputed from the lines (each unit's timeline replayed through
 *    the lifecycle, summed by the same pure KPI maths the service uses) and must equal
 *    the published ones, field by field.
 *
 * The chain's continuity between the bundle's entries (other units' entries sit between
 * them) is what /audit/verify proves on the server. Imports only pure code.
 */
import { hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { boundaryTest, type BoundaryRule } from '../domain/boundary.js';
import { referenceHash } from '../domain/ledger-chain.js';
import { replay, type LedgerEvent } from '../domain/lifecycle.js';
import { chinaExcludedDims, computeKpis, emptySums, netPendingG, TOTAL_FIELDS, type OpeningRow, type RollupRow, type SumField, type Sums, type UpgradeRow } from '../modules/kpis/kpi.js';

export type Verdict = {
  ok: boolean;
  /** What was checked, one line each, for the report. */
  summary: string[];
  /** The first fault: the line (1 = header) and why; null when everything matches. */
  failure: { line: number | null; message: string } | null;
  figures: { field: string; published: unknown; recomputed: unknown }[];
};

type Json = Record<string, unknown>;
const sha256Hex = (s: string) => oneShotHash('sha256', s, 'hex');
const canon = (v: unknown) => {
  const s = canonicalize(v);
  if (s === undefined) throw new Error('not JSON');
  return s;
};

class Fault extends Error {
  constructor(
    readonly line: number | null,
    message: string,
  ) {
    super(message);
  }
}

type Unit = { line: number; entry: Json; events: Json[] };

function toLedgerEvent(e: Json): LedgerEvent {
  const d = (e.data ?? {}) as Record<string, string | undefined>;
  return {
    id: e.id as string,
    type: e.type as LedgerEvent['type'],
    occurredAt: e.occurredAt as string,
    massG: (e.massG as number | null) ?? null,
    voidsEventId: (e.voidsEventId as string | null) ?? null,
    route: d.route as LedgerEvent['route'],
    channel: d.channel as LedgerEvent['channel'],
    destinationCountry: d.destinationCountry,
  };
}

/** Sums every unit's replayed effects into the roll-up rows (by month and dimensions) the KPI maths read. */
function rollUp(units: Unit[], from: string, to: string) {
  const rows = new Map<string, RollupRow>();
  const before = new Map<string, { dims: Omit<OpeningRow, 'pendingG'>; sums: Sums }>();
  for (const u of units) {
    const e = u.entry;
    const dims = { region: e.region as string, category: e.category as string, modality: (e.modality as string | null) ?? '', siteCode: e.siteCode as string };
    const dimsKey = `${dims.region}|${dims.category}|${dims.modality}|${dims.siteCode}`;
    const r = replay(
      { intakeG: e.intakeG as number, originCountry: e.originCountry as string, receivedAt: e.receivedAt as string },
      u.events.map(toLedgerEvent),
    );
    if (!r.ok) throw new Fault(u.line, `unit ${String(e.id)}: its events do not replay (${r.error.detail})`);
    for (const eff of r.effects) {
      if (eff.day > to) continue;
      if (eff.day < from) {
        // Before the year: only what is still pending at its start matters.
        const b = before.get(dimsKey) ?? before.set(dimsKey, { dims, sums: emptySums() }).get(dimsKey)!;
        b.sums[eff.field as SumField] += eff.delta;
        continue;
      }
      const month = eff.day.slice(0, 7);
      const key = `${month}|${dimsKey}`;
      const row = rows.get(key) ?? rows.set(key, { ...emptySums(), ...dims, month }).get(key)!;
      row[eff.field as SumField] += eff.delta;
    }
  }
  const openings: OpeningRow[] = [...before.values()].map((b) => ({ ...b.dims, pendingG: netPendingG(b.sums) }));
  return { rows: [...rows.values()], openings };
}

/** Verifies a bundle given as its lines (without line breaks); a file's final newline may leave one empty line at the end. */
export async function verifyEvidenceLines(lines: AsyncIterable<string> | Iterable<string>): Promise<Verdict> {
  const summary: string[] = [];
  const figures: Verdict['figures'] = [];
  try {
    let n = 0;
    let header: Json | null = null;
    let link = '';
    let inBoundary: (c: string, r: string) => boolean = () => true;
    let headSeq = Infinity;
    let chinaSites: ReadonlySet<string> = new Set();
    let ended = false;
    let counts = { units: 0, events: 0, magnetUpgrades: 0 };
    const units: Unit[] = [];
    const upgrades: UpgradeRow[] = [];
    const seen = new Set<number>();

    let emptyAt: number | null = null;
    for await (const text of lines) {
      n += 1;
      if (emptyAt !== null) throw new Fault(emptyAt, 'is empty');
      if (text === '') {
        emptyAt = n;
        continue;
      }
      let line: Json;
      try {
        line = JSON.parse(text) as Json;
      } catch {
        throw new Fault(n, 'is not JSON');
      }
      if (n === 1) {
        if (line.kind !== 'header' || line.format !== 'circularity-evidence/1') throw new Fault(1, 'is not the header of a circularity-evidence/1 bundle');
        header = line;
        link = sha256Hex(canon(line));
        const rules = ((line.boundary as { rules?: BoundaryRule[] } | null)?.rules ?? null) as BoundaryRule[] | null;
        inBoundary = boundaryTest(rules);
        headSeq = (line.ledgerSeq as number | null) ?? Infinity;
        chinaSites = new Set(((line.scope as { chinaSites?: string[] } | undefined)?.chinaSites ?? []) as string[]);
        continue;
      }
      if (ended) throw new Fault(n, 'comes after the end line');
      const { link: given, ...rest } = line;
      // An entry's own hash first: an edited entry is named as such rather than as a broken link.
      const entryLine = rest.kind === 'unit' || rest.kind === 'event';
      const { prevHash, hash, ...entry } = rest;
      const what = `${String(rest.kind)} ${String(rest.id)} (entry #${String(rest.seq)})`;
      if (entryLine && (typeof prevHash !== 'string' || typeof hash !== 'string' || referenceHash(prevHash, entry) !== hash)) {
        throw new Fault(n, `${what} does not match its hash: it was changed after it was recorded`);
      }
      link = sha256Hex(link + canon(rest));
      if (given !== link) throw new Fault(n, 'does not follow from the lines before it: a line was removed, added or moved just before it, or this line was changed');

      if (entryLine) {
        const seq = rest.seq as number;
        if (seen.has(seq)) throw new Fault(n, `${what}: entry #${seq} appears twice`);
        seen.add(seq);
        if (seq > headSeq) throw new Fault(n, `${what} was recorded after the published ledger head #${headSeq}`);
        if (rest.kind === 'unit') {
          if (chinaExcludedDims(entry as { region: string; siteCode: string }, chinaSites) || !inBoundary(entry.category as string, entry.region as string)) {
            throw new Fault(n, `${what} (${String(entry.category)}, ${String(entry.region)}) lies outside the published scope`);
          }
          units.push({ line: n, entry, events: [] });
        } else {
          const unit = units[units.length - 1];
          if (!unit || unit.entry.id !== entry.unitId) throw new Fault(n, `${what} does not follow a line of its unit ${String(entry.unitId)}`);
          unit.events.push(entry);
        }
      } else if (rest.kind === 'magnet_upgrade') {
        upgrades.push({
          id: rest.id as string,
          completedAt: rest.completedAt as string,
          region: rest.region as string,
          avoidedKg: rest.avoidedKg as number | null,
          factorSetId: rest.factorSetId as string | null,
          factorSetName: null,
          factorSetVersion: null,
        });
      } else if (rest.kind === 'end') {
        ended = true;
        counts = { units: rest.units as number, events: rest.events as number, magnetUpgrades: rest.magnetUpgrades as number };
      } else {
        throw new Fault(n, `has an unknown kind "${String(rest.kind)}"`);
      }
    }
    if (emptyAt !== null) n -= 1;
    if (!header) throw new Fault(null, 'The file is empty.');
    const events = units.reduce((a, u) => a + u.events.length, 0);
    if (!ended) throw new Fault(n + 1, 'is missing: the bundle ends before its end line (it was cut short)');
    if (counts.units !== units.length || counts.events !== events || counts.magnetUpgrades !== upgrades.length) {
      throw new Fault(n, `counts ${JSON.stringify(counts)} but the bundle holds ${units.length} units, ${events} events, ${upgrades.length} upgrades`);
    }
    const h = header;
    const from = `${String(h.year)}-01-01`;
    const to = `${String(h.year)}-12-31`;
    summary.push(
      `Bundle: ${String(h.year)} version ${String(h.version)}, published ${String(h.publishedAt)}; ledger head #${String(h.ledgerSeq)} ${String(h.ledgerHead)}.`,
      `Boundary: ${(h.boundary as { statement?: string } | null)?.statement ?? 'none (everything recorded)'}; China excluded.`,
      `Lines: 1 header, ${units.length} units, ${events} events, ${upgrades.length} magnet upgrades, 1 end line; every line follows from the one before.`,
      `Hashes: all ${units.length + events} entries match their own hash.`,
    );

    const { rows, openings } = rollUp(units, from, to);
    const boundaryOf = h.boundary ? () => inBoundary : undefined;
    const r = computeKpis(rows, openings, upgrades, { from, to, includeChina: false, ...(boundaryOf ? { boundaryOf } : {}) }, chinaSites);
    const published = (h.figures ?? {}) as Json;
    let firstDiff: string | null = null;
    for (const f of TOTAL_FIELDS) {
      const recomputed = r.totals[f];
      figures.push({ field: f, published: published[f], recomputed });
      if (published[f] !== recomputed && firstDiff === null) firstDiff = `${f}: published ${String(published[f])}, recomputed from the lines ${String(recomputed)}`;
    }
    if (firstDiff) throw new Fault(null, `The lines do not reproduce the published figures (${firstDiff}).`);
    summary.push(`Figures: all ${TOTAL_FIELDS.length} published figures are reproduced exactly from the lines.`);
    return { ok: true, summary, failure: null, figures };
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    const message = err.line === null ? err.message : `Line ${err.line} ${err.message}.`;
    return { ok: false, summary, failure: { line: err.line, message }, figures };
  }
}
