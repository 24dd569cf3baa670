/**
 * The evidence side of patient-data sanitization: a unit's certificate (its standing
 * data_sanitized records) and the audit of a date range (which data-bearing units left
 * custody, and how many with a record, by method). Reads only; the rule that refuses
 * writes lives in src/policies/sanitization.ts.
 */
import { DomainError } from '../../domain/errors.js';
import { METHOD_STRENGTH, type Medium, type SanitizationMethod } from '../../domain/sanitization.js';
import type { Category } from '../../domain/units.js';
import type { Deps } from '../../http/context.js';
import { unitsStore } from '../units/units.store.js';
import { MAX_LISTED, type SanitizationCertificate, type SanitizationReport } from './sanitization.schemas.js';

/** The names of keys by their ids (the keys module answers from the app's read cache; modules/index.ts wires it). */
export type ActorNames = () => ReadonlyMap<string, string>;

export function sanitizationCertificate(deps: Deps, unitId: string, actorNames: ActorNames): SanitizationCertificate {
  const store = unitsStore(deps.db);
  const unit = store.unitById(unitId);
  if (!unit) throw new DomainError('unit.not_found', `No unit ${unitId}.`);
  const timeline = store.timeline(unitId);
  const voided = new Set(timeline.flatMap((e) => (e.type === 'voided' && e.voidsEventId ? [e.voidsEventId] : [])));
  const standing = timeline.filter((e) => e.type === 'data_sanitized' && !voided.has(e.id));
  const names = actorNames();
  const records = standing
    .map((e) => {
      const d = e.data as { method: SanitizationMethod; standard: string; media: Medium[]; verifiedBy: string; certificateRef?: string };
      return {
        eventId: e.id,
        occurredAt: e.occurredAt,
        method: d.method,
        standard: d.standard,
        media: d.media,
        verifiedBy: d.verifiedBy,
        certificateRef: d.certificateRef ?? null,
        actor: e.actor,
        actorName: names.get(e.actor) ?? null,
        recordedAt: e.recordedAt,
      };
    });
  return {
    unitId: unit.id,
    serialNumber: unit.serialNumber,
    model: unit.model,
    category: unit.category as Category,
    modality: unit.modality,
    siteCode: unit.siteCode,
    receivedAt: unit.receivedAt,
    state: unit.state,
    closedAt: unit.closedAt,
    dataBearing: unit.dataBearing,
    status: records.length > 0 ? 'sanitized' : unit.dataBearing ? 'pending' : 'not_required',
    records,
    generatedAt: deps.clock.now().toISOString(),
  };
}

/** The strongest of a unit's methods (NIST SP 800-88 order), from the store's comma-separated list. */
const strongest = (methods: string): SanitizationMethod =>
  (methods.split(',') as SanitizationMethod[]).reduce((a, b) => (METHOD_STRENGTH[b] > METHOD_STRENGTH[a] ? b : a));

/** Every data-bearing unit whose last mass left custody in [from, to], China included: custody is not a KPI scope. */
export function sanitizationReport(deps: Deps, from: string, to: string): SanitizationReport {
  const units = unitsStore(deps.db).leftCustody(from, to);
  const byMethod = { clear: 0, purge: 0, destroy: 0 };
  const missing: SanitizationReport['unitsWithoutRecord'] = [];
  let without = 0;
  for (const u of units) {
    if (u.methods) {
      byMethod[strongest(u.methods)] += 1;
      continue;
    }
    without += 1;
    if (missing.length < MAX_LISTED) {
      missing.push({ unitId: u.id, serialNumber: u.serialNumber, model: u.model, category: u.category as Category, siteCode: u.siteCode, closedAt: u.closedAt });
    }
  }
  return {
    from,
    to,
    dataBearingUnits: units.length,
    sanitized: units.length - without,
    withoutRecord: without,
    byMethod,
    unitsWithoutRecord: missing,
    unitsWithoutRecordTruncated: without > missing.length,
  };
}
