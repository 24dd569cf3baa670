import { transaction } from '../../db/tx.js';
import { todayUtc } from '../../domain/dates.js';
import { regionOf, type Region } from '../../domain/regions.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { isYearLocked } from '../periods/periods.repo.js';
import { lockedYearRefusal, toDomainError } from '../../policies/index.js';
import { assertFinite, assertInputsFit } from './estimate.service.js';
import { resolveFactorSet } from './factor-sets.service.js';
import { breakdownToT, computeFigure, kgToT, NOTES, type BreakdownKg, type Figure } from './figures.js';
import type { FactorSetBody } from './factor-set.schemas.js';
import { describeMethod, mustPlan, type MethodView } from './method.js';
import * as repo from './magnet-upgrades.repo.js';
import type { FigureRow, UpgradeRow } from './magnet-upgrades.repo.js';
import type { CreateMagnetUpgradeInput, ListMagnetUpgradesQueryT } from './magnet-upgrades.schemas.js';
import { fieldStrengthOf, modelInputsOf, storedInputsOf, type StoredInputs } from './upgrade-inputs.js';

const figureView = (f: FigureRow) => ({
  factorSetId: f.factorSetId,
  kind: f.kind,
  avoidedT: kgToT(f.avoidedKg),
  breakdown: breakdownToT(f.breakdown as BreakdownKg),
  computedAt: f.computedAt,
  computedBy: f.computedBy,
});

/** Factor set bodies read once per request, by id. */
type SetBodies = Map<string, FactorSetBody>;

/**
 * The method of an upgrade's current figure: its stored inputs under the set that
 * computed it (the figure was computed with exactly this plan, so it is valid).
 */
function methodOf(deps: Deps, u: UpgradeRow, factorSetId: string, sets: SetBodies): MethodView {
  let body = sets.get(factorSetId);
  if (!body) {
    body = resolveFactorSet(deps, factorSetId).body;
    sets.set(factorSetId, body);
  }
  const inputs = storedModelInputs(u);
  return describeMethod(body, inputs.fieldStrengthT, mustPlan(body, inputs, u.siteCountry));
}

export function toUpgradeView(deps: Deps, u: UpgradeRow, figures: FigureRow[], sets: SetBodies = new Map()) {
  const current = figures[figures.length - 1];
  if (!current) throw new Error(`magnet upgrade ${u.id} has no figure`);
  const cur = figureView(current);
  return {
    id: u.id,
    magnetSerial: u.magnetSerial,
    siteCountry: u.siteCountry,
    region: u.region as Region,
    fieldStrengthT: fieldStrengthOf(u.fieldStrengthT),
    completedAt: u.completedAt,
    inputs: u.inputs as StoredInputs,
    factorSetId: cur.factorSetId,
    method: methodOf(deps, u, cur.factorSetId, sets),
    avoidedT: cur.avoidedT,
    breakdown: cur.breakdown,
    figures: figures.map(figureView),
    createdAt: u.createdAt,
    createdBy: u.createdBy,
  };
}

/** The model's inputs of a stored upgrade: recomputing from them reproduces its figures exactly. */
export const storedModelInputs = (u: UpgradeRow) => ({ fieldStrengthT: fieldStrengthOf(u.fieldStrengthT), ...(u.inputs as StoredInputs) });

export function insertFigure(deps: Deps, ctx: RequestCtx, upgradeId: string, factorSetId: string, f: Figure, kind: FigureRow['kind']) {
  repo.insertFigure(deps.db, {
    upgradeId,
    factorSetId,
    avoidedKg: f.avoidedKg,
    breakdown: f.breakdownKg,
    kind,
    computedAt: deps.clock.now().toISOString(),
    computedBy: ctx.actor?.keyId ?? 'system',
  });
}

/** Rules in the contract's order: bad input (400), then a locked year, then a duplicate (409). */
export function createMagnetUpgrade(deps: Deps, ctx: RequestCtx, input: CreateMagnetUpgradeInput) {
  const today = todayUtc(deps.clock);
  if (input.completedAt > today) throw validationError([{ path: 'completedAt', message: `must not be in the future (today is ${today})` }]);
  const set = resolveFactorSet(deps, input.factorSetId);
  const inputs = modelInputsOf(input);
  const plan = assertInputsFit(set, inputs, input.siteCountry);
  const figure = computeFigure(set.body, inputs, plan);
  assertFinite(figure);
  return transaction(deps.db, () => {
    const locked = lockedYearRefusal((y) => isYearLocked(deps, y), [input.completedAt], `completedAt ${input.completedAt}`, 'completedAt');
    if (locked) throw toDomainError(locked);
    const dup = repo.findBySerialAndDate(deps.db, input.magnetSerial, input.completedAt);
    if (dup) {
      throw new DomainError('magnet_upgrade.duplicate', `Upgrade ${dup.id} already records magnet "${input.magnetSerial}" completed on ${input.completedAt}.`, {
        extensions: { existingId: dup.id },
      });
    }
    const row: UpgradeRow = {
      seq: 0,
      id: deps.newId('mu'),
      magnetSerial: input.magnetSerial,
      siteCountry: input.siteCountry,
      region: regionOf(input.siteCountry)!,
      fieldStrengthT: String(input.fieldStrengthT),
      completedAt: input.completedAt,
      inputs: storedInputsOf(input),
      createdAt: deps.clock.now().toISOString(),
      createdBy: ctx.actor?.keyId ?? 'system',
    };
    const { seq: _seq, ...insertable } = row;
    repo.insertUpgrade(deps.db, insertable);
    insertFigure(deps, ctx, row.id, set.id, figure, 'initial');
    recordAudit(deps, ctx, {
      action: 'magnet_upgrade.create',
      entityType: 'magnet_upgrade',
      entityId: row.id,
      details: { magnetSerial: row.magnetSerial, factorSetId: set.id, avoidedKg: figure.avoidedKg },
    });
    return getMagnetUpgrade(deps, row.id);
  });
}

export function getMagnetUpgrade(deps: Deps, id: string) {
  const row = repo.getUpgradeRow(deps.db, id);
  if (!row) throw new DomainError('magnet_upgrade.not_found', `No magnet upgrade ${id}.`);
  return { ...toUpgradeView(deps, row, repo.figuresOf(deps.db, [id]).get(id)!), note: NOTES.comparison };
}

export function listMagnetUpgrades(deps: Deps, q: ListMagnetUpgradesQueryT, afterSeq: number) {
  const rows = repo.listUpgradeRows(deps.db, q, afterSeq);
  const figures = repo.figuresOf(deps.db, rows.map((r) => r.id));
  const sets: SetBodies = new Map();
  return rows.map((r) => ({ seq: r.seq, view: toUpgradeView(deps, r, figures.get(r.id)!, sets) }));
}
