import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '../domain/errors.js';
import type { Actor, Deps, Role } from './context.js';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * The active keys by secret hash, from the app's read cache: api_keys is a fact table, so
 * a new or revoked key (by this process, the admin-key CLI or anyone) moves the facts
 * token and the very next request reads the keys again; a revoked key fails at once.
 */
const activeKeys = (deps: Deps): ReadonlyMap<string, Actor> =>
  deps.cache.fact('active keys', () => {
    const rows = deps.db.$client.prepare('SELECT id, role, name, secret_hash AS hash FROM api_keys WHERE revoked_at IS NULL').all() as {
      id: string;
      role: Role;
      name: string;
      hash: string;
    }[];
    return new Map(rows.map((r) => [r.hash, { keyId: r.id, role: r.role, name: r.name }]));
  });

/**
 * Keys are high-entropy random secrets, so a plain sha256 is the right hash: a slow
 * password hash would add latency without adding safety.
 */
export function authenticate(deps: Deps, req: Request): Actor {
  const header = req.get('authorization');
  if (!header) throw new DomainError('auth.missing_key', 'Send an API key as `Authorization: Bearer <key>`.');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new DomainError('auth.invalid_key', 'The Authorization header must be `Bearer <key>`.');
  const actor = activeKeys(deps).get(hashSecret(m[1]!));
  if (!actor) throw new DomainError('auth.invalid_key', 'The API key is unknown or has been revoked.');
  return actor;
}
