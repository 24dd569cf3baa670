import { transaction } from '../../db/tx.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { defaultFactorSet } from './default-factor-set.js';
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

export function toFactorSetView(row: FactorSetRow, supersededBy: string[]): FactorSetView {
  const b = bodyOf(row);
  return {
    id: row.id,
    name: b.name,
    version: b.version,
    supersedes: row.supersedes,
    description: b.description ?? null,
    isDefault: row.isDefault,
    factors: b.factors,
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
  return rows.map((r) => ({ seq: r.seq, view: toFactorSetView(r, later.get(r.id) ?? []) }));
}

export function getFactorSet(deps: Deps, id: string): FactorSetView {
  const row = repo.getFactorSetRow(deps.db, id);
  if (!row) throw new DomainError('factor_set.not_found', `No factor set ${id}.`);
  return toFactorSetView(row, repo.supersededBy(deps.db, [id]).get(id) ?? []);
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
  const { name, version, supersedes, description, factors, defaults } = input;
  const body: FactorSetBody = { name, version, supersedes: supersedes ?? null, description, factors, defaults };
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
    return toFactorSetView(row, []);
  });
}

/**
 * Seeds the default set into a database that has none; a no-op afterwards. Run by
 * createApp (through the module's registration), so the server and every test's
 * in-memory database get it. The constant is parsed as a POST body would be, so
 * the seeded set obeys the same rules. A later default should arrive as a new set
 * that supersedes this one, not as an edit of the constant: databases seeded
 * earlier keep the set they were seeded with.
 */
export function ensureDefaultFactorSet(deps: Deps): { id: string; created: boolean } {
  return transaction(deps.db, () => {
    const existing = repo.getDefaultRow(deps.db);
    if (existing) return { id: existing.id, created: false };
    const ctx: RequestCtx = { actor: null, requestId: 'startup' };
    const row = insertSet(deps, ctx, factorSetBodySchema.parse(structuredClone(defaultFactorSet)), true);
    recordAudit(deps, ctx, { action: 'factor_set.seed', entityType: 'factor_set', entityId: row.id, details: { name: row.name, version: row.version } });
    return { id: row.id, created: true };
  });
}
