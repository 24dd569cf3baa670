import { asc, gt, and, eq, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema.js';
import type { Deps, RequestCtx } from '../../http/context.js';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
};

/** Call inside the same transaction as the write it describes. */
export function recordAudit(deps: Deps, ctx: RequestCtx, entry: AuditEntry): void {
  deps.db
    .insert(auditLog)
    .values({
      id: deps.newId('aud'),
      at: deps.clock.now().toISOString(),
      actor: ctx.actor?.keyId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      requestId: ctx.requestId,
      details: entry.details ?? null,
    })
    .run();
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
