import { customAlphabet } from 'nanoid';
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import { apiKeys } from '../../db/schema.js';
import { transaction } from '../../db/tx.js';
import { hashSecret } from '../../http/auth.js';
import type { Deps, RequestCtx, Role } from '../../http/context.js';
import { DomainError } from '../../domain/errors.js';
import { recordAudit } from '../audit/audit.repo.js';

// 40 characters drawn from 62 by a cryptographic generator: log2(62) × 40 = 238 bits, far
// beyond guessing (http/rate-limit.ts counts on it: no valid-key oracle helps a guesser).
const secretPart = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 40);
export const newSecret = (): string => `ctk_${secretPart()}`;

/**
 * A secret someone chose (BOOTSTRAP_ADMIN_KEY) is as strong as the choice. 22 random
 * letters and digits are 131 bits; fewer cannot reach 128 however they were picked, so
 * start-up warns (config still takes 16+, so that a running setup does not stop on upgrade).
 */
export const STRONG_CHOSEN_SECRET_LENGTH = 22;

export type KeyView = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
};

const toView = (r: typeof apiKeys.$inferSelect): KeyView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
  revokedAt: r.revokedAt,
});

/**
 * What GET /keys shows of a secret, to tell keys apart: `ctk_` and the next 4 characters
 * of a generated secret (4 of its 40 random characters), and nothing at all of a secret
 * someone chose (BOOTSTRAP_ADMIN_KEY): its first characters could be most of it.
 */
export const CHOSEN_SECRET_PREFIX = '';
const prefixOf = (secret: string, chosen: boolean) => (chosen ? CHOSEN_SECRET_PREFIX : secret.slice(0, 8));

function insertKey(deps: Deps, name: string, role: Role, secret: string, createdBy: string | null, chosen = false) {
  const row = {
    id: deps.newId('key'),
    name,
    role,
    secretHash: hashSecret(secret),
    prefix: prefixOf(secret, chosen),
    createdAt: deps.clock.now().toISOString(),
    createdBy,
  };
  deps.db.insert(apiKeys).values(row).run();
  return row;
}

export function createKey(deps: Deps, ctx: RequestCtx, input: { name: string; role: Role }) {
  return transaction(deps.db, () => {
    const secret = newSecret();
    const row = insertKey(deps, input.name, input.role, secret, ctx.actor?.keyId ?? null);
    recordAudit(deps, ctx, { action: 'key.create', entityType: 'key', entityId: row.id, details: { name: input.name, role: input.role } });
    return { id: row.id, name: row.name, role: row.role, key: secret };
  });
}

/**
 * Key id → the key's name, every key (revoked ones too: they recorded events), for who
 * recorded an event, in words. Every read of a unit asks, so it is kept in the app's read
 * cache (a fact: any write to api_keys moves the token).
 */
export const keyNames = (deps: Deps): ReadonlyMap<string, string> =>
  deps.cache.fact('key names', () => new Map(deps.db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).all().map((r) => [r.id, r.name])));

export const listKeys = (deps: Deps): KeyView[] =>
  deps.db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all().map(toView);

export function revokeKey(deps: Deps, ctx: RequestCtx, id: string): KeyView {
  return transaction(deps.db, () => {
    const row = deps.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    if (!row) throw new DomainError('key.not_found', `No key ${id}.`);
    if (row.revokedAt) return toView(row); // revoking twice is harmless and changes nothing
    // Inside the write transaction, so two admins revoking each other cannot both succeed.
    if (row.role === 'admin' && activeAdminCount(deps, id) === 0) {
      throw new DomainError('key.last_admin', `${id} is the last active admin key; create another admin key first (POST /keys), then revoke this one.`);
    }
    const revokedAt = deps.clock.now().toISOString();
    deps.db.update(apiKeys).set({ revokedAt, revokedBy: ctx.actor?.keyId ?? null }).where(eq(apiKeys.id, id)).run();
    recordAudit(deps, ctx, { action: 'key.revoke', entityType: 'key', entityId: id });
    return toView({ ...row, revokedAt });
  });
}

/** Active (not revoked) admin keys, less the one given. */
function activeAdminCount(deps: Deps, except?: string): number {
  const conds = [eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt), ...(except ? [ne(apiKeys.id, except)] : [])];
  return deps.db.select({ n: count() }).from(apiKeys).where(and(...conds)).get()?.n ?? 0;
}

/**
 * Recovery from the command line (npm run admin-key): mints an admin key on the local
 * database. Refused while an active admin key exists, unless forced.
 */
export function mintAdminKey(deps: Deps, ctx: RequestCtx, input: { name: string; force: boolean }) {
  return transaction(deps.db, () => {
    const active = activeAdminCount(deps);
    if (active > 0 && !input.force) return { created: false as const, activeAdmins: active };
    const secret = newSecret();
    const row = insertKey(deps, input.name, 'admin', secret, null);
    recordAudit(deps, ctx, { action: 'key.recover', entityType: 'key', entityId: row.id, details: { name: input.name, role: 'admin', activeAdmins: active } });
    return { created: true as const, activeAdmins: active, id: row.id, name: row.name, key: secret };
  });
}

/**
 * First start: with no keys at all, create the admin key from BOOTSTRAP_ADMIN_KEY, or
 * a fresh one whose secret is returned so main.ts can print it once.
 */
export function ensureAdminKey(deps: Deps): { created: 'bootstrap' | 'generated' | null; secret?: string } {
  return transaction(deps.db, () => {
    const n = deps.db.select({ n: count() }).from(apiKeys).get()?.n ?? 0;
    if (n > 0) return { created: null };
    const ctx: RequestCtx = { actor: null, requestId: 'startup' };
    const fromEnv = deps.config.bootstrapAdminKey;
    const secret = fromEnv ?? newSecret();
    const row = insertKey(deps, fromEnv ? 'bootstrap admin' : 'first admin', 'admin', secret, null, fromEnv !== undefined);
    recordAudit(deps, ctx, { action: 'key.bootstrap', entityType: 'key', entityId: row.id, details: { source: fromEnv ? 'BOOTSTRAP_ADMIN_KEY' : 'generated' } });
    return fromEnv ? { created: 'bootstrap' } : { created: 'generated', secret };
  });
}
