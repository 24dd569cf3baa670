import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Request } from 'express';
import type { Db } from '../db/client.js';
import { DomainError } from '../domain/errors.js';
import type { Actor, Deps, Role } from './context.js';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Active keys by secret hash, per connection, filled as keys are used. Exact at every
 * request: the cache is dropped whenever the database changed from another connection
 * (PRAGMA data_version moves) and whenever this process writes api_keys (a revocation
 * or a new key calls forgetKeys), so a revoked key fails on the very next request.
 * Unknown secrets are never cached.
 */
type KeyCache = { keys: Map<string, Actor>; dataVersion: number; lookup: Statement; version: Statement };
const caches = new WeakMap<Db['$client'], KeyCache>();

function cacheOf(db: Db): KeyCache {
  let c = caches.get(db.$client);
  if (!c) {
    c = {
      keys: new Map(),
      dataVersion: -1,
      lookup: db.$client.prepare('SELECT id, role, name FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL'),
      version: db.$client.prepare('PRAGMA data_version').pluck(),
    };
    caches.set(db.$client, c);
  }
  return c;
}

/** Call in the transaction of any write to api_keys. */
export function forgetKeys(db: Db): void {
  caches.get(db.$client)?.keys.clear();
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
  const c = cacheOf(deps.db);
  const version = c.version.get() as number;
  if (version !== c.dataVersion) {
    c.keys.clear();
    c.dataVersion = version;
  }
  const hash = hashSecret(m[1]!);
  let actor = c.keys.get(hash);
  if (!actor) {
    const row = c.lookup.get(hash) as { id: string; role: Role; name: string } | undefined;
    if (!row) throw new DomainError('auth.invalid_key', 'The API key is unknown or has been revoked.');
    actor = { keyId: row.id, role: row.role, name: row.name };
    c.keys.set(hash, actor);
  }
  return actor;
}
