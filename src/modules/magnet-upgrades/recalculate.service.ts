import { transaction } from '../../db/tx.js';
import { yearOf } from '../../domain/dates.js';
import type { Region } from '../../domain/regions.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError, type FieldError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { isYearLocked } from '../periods/periods.repo.js';
import { resolveFactorSet } from './factor-sets.service.js';
import { breakdownDeltaT, breakdownToT, computeFigure, kgToT, NOTES, nonFiniteParts, sameFigure, type BreakdownKg, type BreakdownT, type Figure } from './figures.js';
import { planMethod } from './method.js';
import * as repo from './magnet-upgrades.repo.js';
import { insertFigure, storedModelInputs } from './magnet-upgrades.service.js';
import type { RecalculateInput } from './magnet-upgrades.schemas.js';
import { factorSetSummary } from './upgrade-inputs.js';

const side = (factorSetId: string, f: Figure) => ({ factorSetId, avoidedT: kgToT(f.avoidedKg), breakdown: breakdownToT(f.breakdownKg) });

/** Part by part, summed in whole kilograms so the total of a part equals the sum of its items. */
function sumBreakdowns(list: BreakdownT[]): BreakdownT {
  const kg: Record<string, number> = {};
  for (const b of list) for (const [k, t] of Object.entries(b)) kg[k] = (kg[k] ?? 0) + Math.round(t * 1000);
  const base = { materialsT: 0, manufacturingEnergyT: 0, heliumT: 0, retainedSubsystemsT: 0, siteWorksT: 0, transportT: 0 };
  return { ...base, ...Object.fromEntries(Object.entries(kg).map(([k, v]) => [k, kgToT(v)])) };
}

/**
 * Recomputes every upgrade (or one year's) from its stored inputs with another
 * set, against its current (latest) figure. With apply, the new figures are
 * inserted beside the old ones in one transaction; nothing is overwritten.
 *
 * Locked years: apply is all or nothing. If any upgrade that would get a new
 * figure lies in a locked year, the whole apply is refused (409 period.locked,
 * naming the years), whether or not `year` was given: skipping them would leave a
 * restatement that silently covers only part of the upgrades. The preview lists
 * the same `lockedYears`, so a client can apply year by year over the open ones.
 *
 * An upgrade whose current figure already is this result from this set gets no
 * new row, so applying twice records nothing the second time.
 */
export function recalculate(deps: Deps, ctx: RequestCtx, input: RecalculateInput) {
  const set = resolveFactorSet(deps, input.factorSetId);
  const run = () => {
    const lockedByYear = new Map<number, boolean>();
    const yearLocked = (y: number): boolean => {
      if (!lockedByYear.has(y)) lockedByYear.set(y, isYearLocked(deps, y));
      return lockedByYear.get(y)!;
    };
    const rows = repo.upgradesWithLatestFigure(deps.db, input.year);
    const plans = rows.map(({ upgrade }) => planMethod(set.body, storedModelInputs(upgrade), upgrade.siteCountry));
    // An upgrade's stored method inputs may need factors this set lacks (a remaining
    // life under a set with no design life): nothing can be recalculated then.
    const problems: FieldError[] = rows.flatMap(({ upgrade }, i) =>
      plans[i]!.problems.map((p) => ({ path: 'factorSetId', message: `upgrade ${upgrade.id} (${upgrade.magnetSerial}), ${p.path}: ${p.message}` })),
    );
    if (problems.length) throw validationError(problems);
    const items = rows.map(({ upgrade, latest }, i) => {
      const before: Figure = { avoidedKg: latest.avoidedKg, breakdownKg: latest.breakdown as BreakdownKg };
      const after = computeFigure(set.body, storedModelInputs(upgrade), plans[i]!.plan);
      const bad = nonFiniteParts(after);
      if (bad.length) problems.push({ path: 'factorSetId', message: `upgrade ${upgrade.id} (${upgrade.magnetSerial}) gets a figure that is not a finite number (${bad.join(', ')})` });
      const newFigure = !(latest.factorSetId === set.id && sameFigure(before, after));
      return { upgrade, before, after, newFigure, beforeSetId: latest.factorSetId, yearLocked: yearLocked(yearOf(upgrade.completedAt)) };
    });
    if (problems.length) throw validationError(problems);
    const lockedYears = [...new Set(items.filter((i) => i.newFigure && i.yearLocked).map((i) => yearOf(i.upgrade.completedAt)))].sort();

    if (input.apply) {
      if (lockedYears.length > 0) {
        throw new DomainError('period.locked', `Upgrades completed in ${lockedYears.join(', ')} would get new figures, and those years are locked; nothing was recorded. Apply year by year over the open years, or have an admin unlock them.`, {
          extensions: { lockedYears },
        });
      }
      for (const i of items.filter((x) => x.newFigure)) {
        insertFigure(deps, ctx, i.upgrade.id, set.id, i.after, 'recalculation');
        recordAudit(deps, ctx, {
          action: 'magnet_upgrade.recalculate',
          entityType: 'magnet_upgrade',
          entityId: i.upgrade.id,
          details: { fromFactorSetId: i.beforeSetId, toFactorSetId: set.id, beforeKg: i.before.avoidedKg, afterKg: i.after.avoidedKg },
        });
      }
    }

    const beforeKg = items.reduce((s, i) => s + i.before.avoidedKg, 0);
    const afterKg = items.reduce((s, i) => s + i.after.avoidedKg, 0);
    return {
      ...factorSetSummary(set),
      year: input.year ?? null,
      applied: input.apply,
      items: items.map((i) => ({
        id: i.upgrade.id,
        magnetSerial: i.upgrade.magnetSerial,
        region: i.upgrade.region as Region,
        completedAt: i.upgrade.completedAt,
        yearLocked: i.yearLocked,
        before: side(i.beforeSetId, i.before),
        after: side(set.id, i.after),
        deltaT: kgToT(i.after.avoidedKg - i.before.avoidedKg),
        deltaBreakdown: breakdownDeltaT(i.before.breakdownKg, i.after.breakdownKg),
        newFigure: i.newFigure,
      })),
      totals: {
        upgrades: items.length,
        newFigures: items.filter((i) => i.newFigure).length,
        beforeT: kgToT(beforeKg),
        afterT: kgToT(afterKg),
        deltaT: kgToT(afterKg - beforeKg),
        deltaBreakdown: sumBreakdowns(items.map((i) => breakdownDeltaT(i.before.breakdownKg, i.after.breakdownKg))),
      },
      lockedYears,
      note: NOTES.comparison,
    };
  };
  // A preview only reads; an apply reads, checks and writes in one transaction.
  return input.apply ? transaction(deps.db, run) : run();
}
