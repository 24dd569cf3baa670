import type { Statement } from 'better-sqlite3';
import { asc, gt, and, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Deps, RequestCtx, Role } from '../../http/context.js';

/** Every column of audit_log but the autoincrement seq, in insert order (checked against the schema by a test). */
export const AUDIT_COLUMNS = ['id', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'request_id', 'details'] as const;

const inserts = new WeakMap<Db['$client'], Statement>();
function insertStatement(db: Db): Statement {
  let st = inserts.get(db.$client);
  if (!st) {
    st = db.$client.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`);
    inserts.set(db.$client, st);
  }
  return st;
}

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
};

/** The one writer of audit_log; call inside the same transaction as the write it describes. */
export function recordAudit(deps: Deps, ctx: RequestCtx, entry: AuditEntry): void {
  insertStatement(deps.db).run(
    deps.newId('aud'),
    deps.clock.now().toISOString(),
    ctx.actor?.keyId ?? null,
    entry.action,
    entry.entityType,
    entry.entityId ?? null,
    ctx.requestId,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  );
}

/**
 * Entities whose entries' details only admins may read: a key's entries record its name
 * and role, which GET /keys shows to admins only (a viewer could otherwise pick the admin
 * keys out of the log). Others still see that the key was created or revoked, when and by
 * whom, and its id (the id every entry names as its actor).
 */
const ADMIN_ONLY_DETAILS: ReadonlySet<string> = new Set(['key']);

/** An audit entry as a key of `role` may read it. */
export function auditEntryFor<E extends { entityType: string; details: unknown }>(role: Role, entry: E): E {
  return role !== 'admin' && ADMIN_ONLY_DETAILS.has(entry.entityType) ? { ...entry, details: null } : entry;
}

export function listAudit(
  deps: Deps,
  q: { afterSeq: number; limit: number; entityType?: string; entityId?: string; actor?: string },
) {
  const conds: SQL[] = [gt(auditLog.seq, q.afterSeq)];
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.actor) conds.push(eq(auditLog.actor, q.actor));
  return deps.db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(asc(auditLog.seq))
    .limit(q.limit + 1)
    .all();
}
