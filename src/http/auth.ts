import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Request } from 'express';
import { apiKeys } from '../db/schema.js';
import type { Actor, Deps, Role } from './context.js';
import { DomainError } from '../domain/errors.js';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Resolves the bearer key on every request (no cache), so a revoked key stops
 * working at once. Keys are high-entropy random secrets, so a plain sha256 is the
 * right hash: a slow password hash would add latency without adding safety.
 */
export function authenticate(deps: Deps, req: Request): Actor {
  const header = req.get('authorization');
  if (!header) throw new DomainError('auth.missing_key', 'Send an API key as `Authorization: Bearer <key>`.');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new DomainError('auth.invalid_key', 'The Authorization header must be `Bearer <key>`.');
  const row = deps.db
    .select({ id: apiKeys.id, role: apiKeys.role, name: apiKeys.name })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hashSecret(m[1]!)), isNull(apiKeys.revokedAt)))
    .get();
  if (!row) throw new DomainError('auth.invalid_key', 'The API key is unknown or has been revoked.');
  return { keyId: row.id, role: row.role as Role, name: row.name };
}
