import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Request, Response } from 'express';
import { idempotencyKeys } from '../db/schema.js';
import type { Actor, Deps, HandlerResult } from './context.js';
import { DomainError } from '../domain/errors.js';

/** A pending record older than this is from a crashed process and may be taken over. */
const STALE_PENDING_MS = 5 * 60 * 1000;

/** Stable JSON (sorted keys) so that key order does not make two equal bodies differ. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const hashBody = (body: unknown): string =>
  createHash('sha256').update(typeof body === 'string' ? body : canonicalJson(body ?? null)).digest('hex');

/**
 * Same key + same request: the first response again, nothing created.
 * Same key + different request: 409 idempotency.mismatch.
 * A refused request (an error) releases the key, since it changed nothing.
 */
export async function withIdempotency(
  deps: Deps,
  req: Request,
  res: Response,
  actor: Actor,
  run: () => HandlerResult | Promise<HandlerResult>,
  bodyHash: string = hashBody(req.body),
): Promise<HandlerResult> {
  const key = req.get('idempotency-key');
  if (key === undefined) return run();
  if (key.length < 1 || key.length > 255) {
    throw new DomainError('validation.failed', 'Idempotency-Key must be 1–255 characters.', {
      errors: [{ path: 'header.Idempotency-Key', message: 'must be 1–255 characters' }],
    });
  }
  const { db, clock } = deps;
  const where = and(eq(idempotencyKeys.apiKeyId, actor.keyId), eq(idempotencyKeys.key, key));
  const path = req.baseUrl + req.path;
  const existing = db.select().from(idempotencyKeys).where(where).get();
  if (existing) {
    if (existing.method !== req.method || existing.path !== path || existing.bodyHash !== bodyHash) {
      throw new DomainError('idempotency.mismatch', 'This Idempotency-Key was first used with a different request; use a new key.');
    }
    if (existing.status !== null) {
      res.set('Idempotent-Replayed', 'true');
      return { status: existing.status, body: JSON.parse(existing.response ?? 'null') };
    }
    if (clock.now().getTime() - Date.parse(existing.createdAt) < STALE_PENDING_MS) {
      throw new DomainError('idempotency.in_progress', 'The first request with this Idempotency-Key is still running; retry shortly.');
    }
    db.delete(idempotencyKeys).where(where).run();
  }
  db.insert(idempotencyKeys)
    .values({ apiKeyId: actor.keyId, key, method: req.method, path, bodyHash, createdAt: clock.now().toISOString() })
    .run();
  let result: HandlerResult;
  try {
    result = await run();
  } catch (err) {
    db.delete(idempotencyKeys).where(where).run();
    throw err;
  }
  if (result) {
    db.update(idempotencyKeys)
      .set({ status: result.status, response: JSON.stringify(result.body) })
      .where(where)
      .run();
  }
  return result;
}
