import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Request } from 'express';
import type { Db } from '../db/client.js';
import { connectionCache } from '../db/connection-cache.js';
import { DomainError } from '../domain/errors.js';
import type { Actor, Deps, Role } from './context.js';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Active keys by secret hash, per connection, filled as keys are used. Exact at every
 * request (db/connection-cache.ts): dropped whenever the database changed from another
 * connection (PRAGMA data_version moves) and whenever this process writes api_keys (a
 * revocation or a new key calls forgetKeys), so a revoked key fails on the very next
 * request. Unknown secrets are never cached.
 */
const activeKeys = connectionCache(() => new Map<string, Actor>());
const lookups = new WeakMap<Db['$client'], Statement>();

function lookup(db: Db): Statement {
  let st = lookups.get(db.$client);
  if (!st) lookups.set(db.$client, (st = db.$client.prepare('SELECT id, role, name FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL')));
  return st;
}

/** Call in the transaction of any write to api_keys. */
export function forgetKeys(db: Db): void {
  activeKeys.forget(db);
}

/**
 * Keys are high-entropy random secrets, so a plain sha256 is the right hash: a slow
 * password hash would add latency without adding safety.
 */
export function authenticate(deps: Deps, req: Request): Actor {
  const header = req.get('authorization');
  if (!header) throw new DomainError('auth.missing_key', 'Send an API key as `Authorization: Bearer <key>`.');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new DomainError('auth.invalid_key', 'The Authorization header must be `Bearer <key>`.');
  const keys = activeKeys.get(deps.db);
  const hash = hashSecret(m[1]!);
  let actor = keys.get(hash);
  if (!actor) {
    const row = lookup(deps.db).get(hash) as { id: string; role: Role; name: string } | undefined;
    if (!row) throw new DomainError('auth.invalid_key', 'The API key is unknown or has been revoked.');
    actor = { keyId: row.id, role: row.role, name: row.name };
    keys.set(hash, actor);
  }
  return actor;
}
