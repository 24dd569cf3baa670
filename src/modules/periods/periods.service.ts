import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { todayUtc, yearOf } from '../../domain/dates.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { Totals } from '../kpis/kpi.js';
import { yearTotals } from '../kpis/kpis.service.js';
import { yearsWithData } from '../kpis/kpis.repo.js';
import { figureDifferences } from './period-diff.js';
import * as repo from './periods.repo.js';

const toVersionView = (v: repo.VersionRow) => ({
  version: v.version,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy,
  note: v.note,
  // Stored from yearTotals at publication and never rewritten (append-only).
  figures: v.figures as Totals,
});

const actorId = (ctx: RequestCtx) => ctx.actor?.keyId ?? 'system';

/**
 * Freezes a year and publishes its figures as the next version. The figures are
 * computed inside the same (immediate) transaction as the lock, so no write can slip
 * in between what is published and what is frozen.
 */
export function lockYear(deps: Deps, ctx: RequestCtx, year: number, note?: string) {
  // Nothing can be dated in a later year yet, and its pendingKg would move with every write.
  const current = yearOf(todayUtc(deps.clock));
  if (year > current) throw validationError([{ path: 'params.year', message: `must not be after the current year (${current})` }]);
  return transaction(deps.db, () => {
    if (repo.isYearLocked(deps, year)) {
      const latest = repo.latestVersion(deps.db, year);
      throw new DomainError('period.already_locked', `${year} is already locked (version ${latest?.version ?? '?'}); unlock it first to publish a new version.`, {
        extensions: { year, version: latest?.version ?? null },
      });
    }
    const version = (repo.latestVersion(deps.db, year)?.version ?? 0) + 1;
    const row = {
      year,
      version,
      publishedAt: deps.clock.now().toISOString(),
      publishedBy: actorId(ctx),
      note: note ?? null,
      figures: yearTotals(deps, year) as Record<string, unknown>,
    };
    repo.insertVersion(deps.db, row);
    repo.setLock(deps.db, year, true, row.publishedAt, row.publishedBy);
    recordAudit(deps, ctx, { action: 'period.lock', entityType: 'period', entityId: String(year), details: { version, note: row.note } });
    return toVersionView({ id: 0, ...row });
  });
}

export function unlockYear(deps: Deps, ctx: RequestCtx, year: number, reason: string) {
  return transaction(deps.db, () => {
    if (!repo.isYearLocked(deps, year)) {
      throw new DomainError('period.not_locked', `${year} is not locked, so there is nothing to unlock.`, { extensions: { year } });
    }
    const afterVersion = repo.latestVersion(deps.db, year)?.version ?? 0;
    const row = { year, unlockedAt: deps.clock.now().toISOString(), unlockedBy: actorId(ctx), reason, afterVersion };
    repo.insertUnlock(deps.db, row);
    repo.setLock(deps.db, year, false, row.unlockedAt, row.unlockedBy);
    recordAudit(deps, ctx, { action: 'period.unlock', entityType: 'period', entityId: String(year), details: { reason, afterVersion } });
    return { ...row, locked: false as const };
  });
}

export function getPeriod(deps: Deps, year: number) {
  const versions = repo.versionsOf(deps.db, year).map(toVersionView);
  const latest = versions[versions.length - 1];
  const current = yearTotals(deps, year);
  return {
    year,
    locked: repo.isYearLocked(deps, year),
    versions,
    unlocks: repo.unlocksOf(deps.db, year).map(({ id: _id, ...u }) => u),
    current,
    comparedWith: latest?.version ?? null,
    differences: latest ? figureDifferences(latest.figures, current) : {},
  };
}

/** Years with figures, a lock or a published version, oldest first. */
export function listPeriods(deps: Deps) {
  const locks = new Map(repo.lockStates(deps.db).map((l) => [l.year, l.locked]));
  const latest = new Map<number, repo.VersionRow>();
  for (const v of repo.allVersions(deps.db)) latest.set(v.year, v);
  const years = new Set([...yearsWithData(deps.db), ...locks.keys(), ...latest.keys()]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      locked: locks.get(year) ?? false,
      latestVersion: latest.get(year)?.version ?? null,
      publishedAt: latest.get(year)?.publishedAt ?? null,
    }));
}
