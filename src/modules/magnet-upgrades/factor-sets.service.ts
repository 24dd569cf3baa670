import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { defaultFactorSet } from './default-factor-set.js';
import { defaultFactorSet2026_2 } from './default-factor-set-2026-2.js';
import type { CreateFactorSetInput, FactorSetView } from './factor-set-api.schemas.js';
import { factorSetBodySchema, type FactorSetBody } from './factor-set.schemas.js';
import * as repo from './factor-sets.repo.js';
import type { FactorSetRow, StoredBody } from './factor-sets.repo.js';

export type ResolvedFactorSet = { id: string; name: string; version: string; body: FactorSetBody };

const bodyOf = (row: FactorSetRow): FactorSetBody => {
  const stored = row.body as StoredBody;
  return { name: row.name, version: row.version, supersedes: row.supersedes, ...stored };
};

const resolved = (row: FactorSetRow): ResolvedFactorSet => ({ id: row.id, name: row.name, version: row.version, body: bodyOf(row) });

/** The id of the set estimates and upgrades use when none is named. */
const currentDefaultId = (deps: Deps): string | undefined => repo.getDefaultRow(deps.db)?.id;

export function toFactorSetView(row: FactorSetRow, supersededBy: string[], defaultId: string | undefined): FactorSetView {
  const b = bodyOf(row);
  return {
    id: row.id,
    name: b.name,
    version: b.version,
    supersedes: row.supersedes,
    description: b.description ?? null,
    isDefault: row.id === defaultId,
    factors: b.factors,
    ...(b.gridFactors ? { gridFactors: b.gridFactors } : {}),
    defaults: b.defaults,
    supersededBy,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

/** One page in creation order (the seeded default first), with its cursor row kept for paging. */
export function listFactorSets(deps: Deps, afterSeq: number, limit: number) {
  const rows = repo.listFactorSetRows(deps.db, afterSeq, limit);
  const later = repo.supersededBy(deps.db, rows.map((r) => r.id));
  const defaultId = currentDefaultId(deps);
  return rows.map((r) => ({ seq: r.seq, view: toFactorSetView(r, later.get(r.id) ?? [], defaultId) }));
}

export function getFactorSet(deps: Deps, id: string): FactorSetView {
  const row = repo.getFactorSetRow(deps.db, id);
  if (!row) throw new DomainError('factor_set.not_found', `No factor set ${id}.`);
  return toFactorSetView(row, repo.supersededBy(deps.db, [id]).get(id) ?? [], currentDefaultId(deps));
}

/**
 * The set a request names, or the default when it names none. A set named in a
 * body that does not exist is bad input (400), not a missing resource (404).
 */
export function resolveFactorSet(deps: Deps, id: string | undefined, path = 'factorSetId'): ResolvedFactorSet {
  const row = id === undefined ? repo.getDefaultRow(deps.db) : repo.getFactorSetRow(deps.db, id);
  if (row) return resolved(row);
  if (id === undefined) throw new Error('no default factor set: ensureDefaultFactorSet did not run');
  throw validationError([{ path, message: `unknown factor set "${id}"` }]);
}

function insertSet(deps: Deps, ctx: RequestCtx, body: FactorSetBody, isDefault: boolean): FactorSetRow {
  const { name, version, supersedes, ...stored } = body;
  const row: FactorSetRow = {
    seq: 0,
    id: deps.newId('fs'),
    name,
    version,
    supersedes: supersedes ?? null,
    isDefault,
    body: stored,
    createdAt: deps.clock.now().toISOString(),
    createdBy: ctx.actor?.keyId ?? 'system',
  };
  const { seq: _seq, ...insertable } = row;
  repo.insertFactorSet(deps.db, insertable);
  return row;
}

/** Rules in the contract's order: a bad `supersedes` (400) before a duplicate (409). */
export function createFactorSet(deps: Deps, ctx: RequestCtx, input: CreateFactorSetInput): FactorSetView {
  const { name, version, supersedes, description, factors, gridFactors, defaults } = input;
  const body: FactorSetBody = { name, version, supersedes: supersedes ?? null, description, factors, ...(gridFactors ? { gridFactors } : {}), defaults };
  return transaction(deps.db, () => {
    if (supersedes && !repo.getFactorSetRow(deps.db, supersedes)) {
      throw validationError([{ path: 'supersedes', message: `unknown factor set "${supersedes}"` }]);
    }
    const dup = repo.findByNameVersion(deps.db, name, version);
    if (dup) {
      throw new DomainError('factor_set.duplicate', `Factor set ${dup.id} is already "${name}" version "${version}"; give the new set another version.`, {
        extensions: { existingId: dup.id },
      });
    }
    const row = insertSet(deps, ctx, body, false);
    recordAudit(deps, ctx, { action: 'factor_set.create', entityType: 'factor_set', entityId: row.id, details: { name, version, supersedes: row.supersedes } });
    return toFactorSetView(row, [], currentDefaultId(deps));
  });
}

/**
 * The defaults the system seeds, oldest first; each names the one before it in
 * `supersedes`. The newest is the default. A later default arrives as a new entry
 * here, never as an edit of an earlier one: databases seeded earlier keep the sets
 * they were seeded with, and every figure keeps pointing at its exact numbers.
 */
export const DEFAULT_FACTOR_SETS: readonly FactorSetBody[] = [defaultFactorSet, defaultFactorSet2026_2];

/**
 * Seeds whichever defaults a database lacks, in order (a fresh database gets them
 * all, one seeded before 2026.2 gets 2026.2, superseding its 2026.1); a no-op
 * afterwards. A set of the same name and version that someone posted stops the
 * chain there (see below). Run at start-up (today through the module's registration). Each
 * constant is parsed as a POST body would be, so the seeded sets obey the same
 * rules. Answers the default's id and whether anything was added.
 */
export function ensureDefaultFactorSet(deps: Deps): { id: string; created: boolean } {
  return transaction(deps.db, () => {
    const ctx: RequestCtx = { actor: null, requestId: 'startup' };
    let previous: string | null = null;
    let created = false;
    for (const constant of DEFAULT_FACTOR_SETS) {
      const seeded = repo.findSeeded(deps.db, constant.name, constant.version);
      if (seeded) {
        previous = seeded.id;
        continue;
      }
      // Someone posted a set of this very name and version: theirs stands, and the
      // chain stops here (the previous default stays the default) rather than
      // leaving two sets that one name and version cannot tell apart.
      if (repo.findByNameVersion(deps.db, constant.name, constant.version)) break;
      const body = factorSetBodySchema.parse({ ...structuredClone(constant), supersedes: previous });
      const row = insertSet(deps, ctx, body, true);
      recordAudit(deps, ctx, { action: 'factor_set.seed', entityType: 'factor_set', entityId: row.id, details: { name: row.name, version: row.version, supersedes: row.supersedes } });
      previous = row.id;
      created = true;
    }
    if (previous === null) throw new Error('no default factor set could be seeded');
    return { id: previous, created };
  });
}
