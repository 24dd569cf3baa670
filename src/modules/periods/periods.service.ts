import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { todayUtc, yearOf } from '../../domain/dates.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { boundaryWords, normalizeRules, type BoundaryRule } from '../../domain/boundary.js';
import { boundaryChinaRefusal } from '../../policies/china.js';
import { recordAudit } from '../audit/audit.repo.js';
import { boundaryHistory, currentBoundary, insertBoundary, type BoundaryRow } from '../kpis/boundaries.repo.js';
import type { Totals } from '../kpis/kpi.js';
import { computeForScope, yearTotals } from '../kpis/kpis.service.js';
import { yearsWithData } from '../kpis/kpis.repo.js';
import { readLedgerHead } from '../ledger/ledger-head.repo.js';
import { figureDifferences, withLaterFields } from './period-diff.js';
import * as repo from './periods.repo.js';

/** A boundary as answered: its rules, who set it when and why, and the footnote's words for it. */
export const toBoundaryView = (b: Omit<BoundaryRow, 'id'>) => ({
  rules: b.rules,
  note: b.note,
  setAt: b.setAt,
  setBy: b.setBy,
  statement: boundaryWords(b.rules),
});
export type BoundaryView = ReturnType<typeof toBoundaryView>;

export const toVersionView = (v: repo.VersionRow) => ({
  version: v.version,
  publishedAt: v.publishedAt,
  publishedBy: v.publishedBy,
  note: v.note,
  // Stored from yearTotals at publication and never rewritten (append-only).
  // Versions published before an outflow existed are read with its kilograms (0) and recoveryRate they had by definition.
  figures: withLaterFields(v.figures) as Totals,
  boundary: (v.boundary as BoundaryView | null) ?? null,
  ledgerSeq: v.ledgerSeq,
  ledgerHead: v.ledgerHead,
  factorSets: (v.factorSets as { id: string; name: string | null; version: string | null; upgrades: number }[] | null) ?? [],
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
    const figures = computeForScope(deps, { from: `${year}-01-01`, to: `${year}-12-31`, includeChina: false });
    const boundary = currentBoundary(deps.db, year);
    // The chain's head as this transaction sees it: every entry the figures rest on is at or before it.
    const head = readLedgerHead(deps.db);
    const row = {
      year,
      version,
      publishedAt: deps.clock.now().toISOString(),
      publishedBy: actorId(ctx),
      note: note ?? null,
      figures: figures.totals as Record<string, unknown>,
      boundary: boundary ? (toBoundaryView(boundary) as unknown as Record<string, unknown>) : null,
      ledgerSeq: head.seq,
      ledgerHead: head.hash,
      factorSets: figures.factorSets,
    };
    repo.insertVersion(deps.db, row);
    repo.setLock(deps.db, year, true, row.publishedAt, row.publishedBy);
    recordAudit(deps, ctx, {
      action: 'period.lock',
      entityType: 'period',
      entityId: String(year),
      details: { version, note: row.note, ledgerSeq: head.seq, ledgerHead: head.hash },
    });
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
  const history = boundaryHistory(deps.db, year).map(toBoundaryView);
  return {
    year,
    locked: repo.isYearLocked(deps, year),
    boundary: history[history.length - 1] ?? null,
    boundaryHistory: history,
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

/**
 * Sets a year's reporting boundary: the new rules replace the year's boundary in force
 * (the old one stays in history). A locked year's boundary is frozen with its figures.
 */
export function setBoundary(deps: Deps, ctx: RequestCtx, year: number, body: { rules: BoundaryRule[]; note?: string }) {
  // Invalid input comes before period.locked in the contract's precedence.
  const china = boundaryChinaRefusal(deps.config.policyChinaExclusion, body.rules);
  if (china.length > 0) throw validationError(china);
  return transaction(deps.db, () => {
    if (repo.isYearLocked(deps, year)) {
      throw new DomainError('period.locked', `${year} is locked: its boundary was published with its figures; an admin must unlock the year to change it.`, {
        extensions: { year },
      });
    }
    const previous = currentBoundary(deps.db, year);
    const row = { year, rules: normalizeRules(body.rules), note: body.note ?? null, setAt: deps.clock.now().toISOString(), setBy: actorId(ctx) };
    insertBoundary(deps.db, row);
    recordAudit(deps, ctx, {
      action: 'period.boundary',
      entityType: 'period',
      entityId: String(year),
      details: { rules: row.rules, note: row.note, replaced: previous ? previous.rules : null },
    });
    return { year, ...toBoundaryView(row), replaced: previous ? toBoundaryView(previous) : null };
  });
}
