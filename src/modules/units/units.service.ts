import { transaction } from '../../db/tx.js';
import { todayUtc } from '../../domain/dates.js';
import { gramsToKg } from '../../domain/mass.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repo.js';
import { applyRollupDiff } from '../kpis/rollup.repo.js';
import { findSite } from '../sites/sites.service.js';
import { isYearLocked } from '../periods/periods.repo.js';
import { replay } from './lifecycle.js';
import { planEvent, planNewUnit, toLedgerEvent, unitFacts, type RuleError, type RuleWorld } from './units.rules.js';
import * as repo from './units.repo.js';
import type { EventRow, UnitRow } from './units.repo.js';
import type { CreateUnitInput, EventInput } from './units.schemas.js';

const dims = (u: UnitRow) => ({ region: u.region, category: u.category, modality: u.modality, siteCode: u.siteCode });

const chinaExcluded = (deps: Deps, originCountry: string) => deps.config.policyChinaExclusion && originCountry === 'CN';

export function toUnitView(deps: Deps, u: UnitRow) {
  const excluded = chinaExcluded(deps, u.originCountry);
  const remainingG = u.intakeG - u.refurbishedG - u.harvestedG - u.recycledG - u.landfilledG;
  return {
    id: u.id,
    serialNumber: u.serialNumber,
    category: u.category,
    modality: u.modality,
    model: u.model,
    massKg: gramsToKg(u.intakeG),
    massSource: u.massSource,
    originCountry: u.originCountry,
    siteCode: u.siteCode,
    receivedAt: u.receivedAt,
    returnChannel: u.returnChannel,
    region: u.region,
    state: u.state,
    route: u.route,
    refurbishmentEligible: !excluded,
    exclusionReason: excluded ? ('china_policy' as const) : null,
    massBalance: {
      intakeKg: gramsToKg(u.intakeG),
      refurbishedKg: gramsToKg(u.refurbishedG),
      harvestedKg: gramsToKg(u.harvestedG),
      recycledKg: gramsToKg(u.recycledG),
      reusedKg: gramsToKg(u.refurbishedG + u.harvestedG + u.recycledG),
      landfilledKg: gramsToKg(u.landfilledG),
      remainingKg: gramsToKg(remainingG),
    },
    closedAt: u.closedAt,
    createdAt: u.createdAt,
  };
}
export type UnitView = ReturnType<typeof toUnitView>;

export function toEventView(e: EventRow, voidedBy: string | null) {
  const { massG, voidsEventId, data, seq: _seq, ...rest } = e;
  return {
    ...rest,
    ...data,
    ...(massG !== null ? { massKg: gramsToKg(massG) } : {}),
    ...(voidsEventId !== null ? { eventId: voidsEventId } : {}),
    voided: voidedBy !== null,
    voidedBy,
  };
}

/** The facts the rules need, read from the database (a locked year is looked up once per call). */
export function dbRuleWorld(deps: Deps): RuleWorld {
  const locked = new Map<number, boolean>();
  return {
    today: todayUtc(deps.clock),
    chinaExclusion: deps.config.policyChinaExclusion,
    siteCountry: (code) => findSite(deps, code)?.country,
    isYearLocked: (y) => {
      if (!locked.has(y)) locked.set(y, isYearLocked(deps, y));
      return locked.get(y)!;
    },
  };
}

/** The first broken rule as the error the single-item endpoints answer. */
export function ruleErrorToDomain(e: RuleError): DomainError {
  if (e.code === 'validation.failed') return validationError([{ path: e.column ?? '(body)', message: e.message }]);
  return new DomainError(e.code, e.message, e.extensions ? { extensions: e.extensions } : {});
}

/** Rules on a new unit (see planNewUnit), checked and written in one transaction. */
export function createUnit(deps: Deps, ctx: RequestCtx, input: CreateUnitInput): UnitView {
  const { db } = deps;
  return transaction(db, () => {
    const plan = planNewUnit(dbRuleWorld(deps), input, () => repo.findOpenUnitBySerial(db, input.serialNumber, input.model), {
      newId: () => deps.newId('unit'),
      createdAt: deps.clock.now().toISOString(),
      createdBy: ctx.actor?.keyId ?? 'system',
    });
    if (!plan.ok) throw ruleErrorToDomain(plan.error);
    const { row, diff } = plan.value;
    const { seq: _seq, ...insertable } = row;
    repo.insertUnit(db, insertable);
    applyRollupDiff(db, dims(row), diff);
    recordAudit(deps, ctx, { action: 'unit.create', entityType: 'unit', entityId: row.id, details: { serialNumber: row.serialNumber, massKg: input.massKg } });
    return toUnitView(deps, row);
  });
}

/**
 * Appends one event in one synchronous transaction: the read of the timeline, every
 * check and every write happen together, so two requests racing for the last
 * kilograms of a unit cannot both succeed.
 */
export function appendEvent(deps: Deps, ctx: RequestCtx, unitId: string, input: EventInput) {
  const { db } = deps;
  return transaction(db, () => {
    const unit = repo.getUnit(db, unitId);
    if (!unit) throw new DomainError('unit.not_found', `No unit ${unitId}.`);
    const timeline = repo.unitEvents(db, unitId).map(toLedgerEvent);
    const before = replay(unitFacts(unit), timeline);
    if (!before.ok) throw new Error(`stored timeline of ${unitId} does not replay: ${before.error.detail}`);
    const ledger = { unitId, facts: unitFacts(unit), timeline, projection: before.projection, voided: before.voided };
    const plan = planEvent(dbRuleWorld(deps), ledger, input, () => deps.newId('evt'));
    if (!plan.ok) throw ruleErrorToDomain(plan.error);
    const newEvent: EventRow = {
      seq: 0,
      ...plan.value.stored,
      unitId,
      recordedAt: deps.clock.now().toISOString(),
      actor: ctx.actor?.keyId ?? 'system',
    };
    const { seq: _seq, ...insertable } = newEvent;
    repo.insertEvent(db, insertable);
    repo.saveProjection(db, unitId, plan.value.projection);
    applyRollupDiff(db, dims(unit), plan.value.diff);
    recordAudit(deps, ctx, { action: `event.${input.type}`, entityType: 'unit', entityId: unitId, details: { eventId: newEvent.id } });
    return toEventView(newEvent, null);
  });
}

export function getUnitWithEvents(deps: Deps, unitId: string) {
  const unit = repo.getUnit(deps.db, unitId);
  if (!unit) throw new DomainError('unit.not_found', `No unit ${unitId}.`);
  const timeline = repo.unitEvents(deps.db, unitId);
  const voidedBy = new Map<string, string>();
  for (const e of timeline) if (e.type === 'voided' && e.voidsEventId) voidedBy.set(e.voidsEventId, e.id);
  return { ...toUnitView(deps, unit), events: timeline.map((e) => toEventView(e, voidedBy.get(e.id) ?? null)) };
}
