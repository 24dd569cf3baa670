/**
 * Idempotency-Key on creating POSTs. The key's record is read, and the answer stored,
 * in the same transaction (the same group-commit savepoint) as the write itself, so a
 * retry can never find a half-done request: it either replays the stored answer or
 * runs as the first. A refused request stores nothing (its savepoint rolls back), so
 * the key can be used again. Records expire after IDEMPOTENCY_TTL_MS and are swept.
 * Secrets are never stored: a route that answers one (POST /keys) gives a redacted
 * body for the record, and a replay answers that.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Db } from '../db/client.js';
import { identifier } from '../domain/common.schemas.js';
import { DomainError } from '../domain/errors.js';
import type { Actor, Deps, HandlerResult } from './context.js';

/** How long a key is remembered (after that the same key starts a new request). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** How often, at most, expired records are deleted (from inside a write's transaction). */
const SWEEP_EVERY_MS = 10 * 60 * 1000;

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

type Stored = { method: string; path: string; bodyHash: string; status: number | null; response: string | null; createdAt: string };

function statements(s: Db['$client']) {
  return {
    find: s.prepare(
      `SELECT method, path, body_hash AS bodyHash, status, response, created_at AS createdAt
       FROM idempotency_keys WHERE api_key_id = ? AND key = ?`,
    ),
    remove: s.prepare('DELETE FROM idempotency_keys WHERE api_key_id = ? AND key = ?'),
    insert: s.prepare(
      `INSERT INTO idempotency_keys (api_key_id, key, method, path, body_hash, status, content_type, response, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'application/json', ?, ?)`,
    ),
    sweep: s.prepare('DELETE FROM idempotency_keys WHERE created_at < ?'),
  };
}
const cache = new WeakMap<Db['$client'], ReturnType<typeof statements> & { lastSweep: number }>();
function st(db: Db) {
  let s = cache.get(db.$client);
  if (!s) cache.set(db.$client, (s = { ...statements(db.$client), lastSweep: 0 }));
  return s;
}

/** The Idempotency-Key header of a request, checked; undefined when absent. */
/** The header's value is stored (per API key): 1–255 visible characters. */
export const IdempotencyKey = identifier(255);

export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  const r = IdempotencyKey.safeParse(key);
  if (!r.success) {
    const message = r.error.issues[0]?.message ?? 'must be 1–255 visible characters';
    throw new DomainError('validation.failed', `Idempotency-Key ${message}.`, { errors: [{ path: 'header.Idempotency-Key', message }] });
  }
  return r.data;
}

export type Idempotent = { result: HandlerResult; replayed: boolean };

/** What a record is matched on besides its key: the method and the path (an Express request is one). */
export type RequestLine = Pick<Request, 'method' | 'baseUrl' | 'path'>;

/** Whether (API key, Idempotency-Key) has a stored answer still within its TTL: a retry that `idempotent` will replay. */
export function hasLiveRecord(deps: Deps, actor: Actor, key: string): boolean {
  const existing = st(deps.db).find.get(actor.keyId, key) as Stored | undefined;
  return existing !== undefined && deps.clock.now().getTime() - Date.parse(existing.createdAt) < IDEMPOTENCY_TTL_MS;
}

/**
 * Runs `run` once per (API key, Idempotency-Key): call inside the write's transaction.
 * Same key and same request: the stored answer, nothing run. Same key, different
 * request: 409 idempotency.mismatch. `forRecord` gives the body to store (and replay)
 * when the live answer holds something that must not be stored.
 */
export function idempotent(
  deps: Deps,
  req: RequestLine,
  actor: Actor,
  key: string,
  bodyHash: string,
  run: () => HandlerResult,
  forRecord: (body: unknown) => unknown = (b) => b,
): Idempotent {
  const s = st(deps.db);
  const now = deps.clock.now();
  const path = req.baseUrl + req.path;
  const existing = s.find.get(actor.keyId, key) as Stored | undefined;
  if (existing && now.getTime() - Date.parse(existing.createdAt) < IDEMPOTENCY_TTL_MS) {
    if (existing.method !== req.method || existing.path !== path || existing.bodyHash !== bodyHash) {
      throw new DomainError('idempotency.mismatch', 'This Idempotency-Key was first used with a different request; use a new key.');
    }
    return { result: { status: existing.status ?? 200, body: JSON.parse(existing.response ?? 'null') }, replayed: true };
  }
  if (existing) s.remove.run(actor.keyId, key); // expired: the key starts afresh
  const result = run();
  if (result) {
    s.insert.run(actor.keyId, key, req.method, path, bodyHash, result.status, JSON.stringify(forRecord(result.body)), now.toISOString());
  }
  return { result, replayed: false };
}

/** Deletes expired records, at most every SWEEP_EVERY_MS; call inside a write transaction. */
export function sweepIdempotencyKeys(deps: Deps): number {
  const s = st(deps.db);
  const now = deps.clock.now().getTime();
  if (now - s.lastSweep < SWEEP_EVERY_MS) return 0;
  s.lastSweep = now;
  return s.sweep.run(new Date(now - IDEMPOTENCY_TTL_MS).toISOString()).changes;
}
