import { z } from 'zod';
import { code } from '../domain/common.schemas.js';
import { DomainError } from '../domain/errors.js';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50).'),
  cursor: code().max(200).optional().describe('The `nextCursor` of the previous page.'),
};

/** Cursors are opaque to clients: base64url of the last row's insertion sequence. */
export const encodeCursor = (seq: number): string => Buffer.from(`s:${seq}`).toString('base64url');

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new DomainError('request.invalid_cursor', 'The cursor is not one this API gave out.', {
    errors: [{ path: 'query.cursor', message: 'not a valid cursor' }],
  });
  return Number(m[1]);
}

/** Takes limit+1 rows (fetched in seq order) and splits off the next cursor. */
export function page<T extends { seq: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * Keyset cursors, for lists ordered by something other than insertion (units: newest
 * first by receivedAt, then id): base64url of the last row's key. Stable while rows
 * are added: a page starts strictly after the key, whatever arrived since.
 */
export const encodeKeyCursor = (key: readonly string[]): string => Buffer.from(`k:${JSON.stringify(key)}`).toString('base64url');

export function decodeKeyCursor(cursor: string | undefined, arity: number): string[] | null {
  if (cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  let key: unknown;
  try {
    key = text.startsWith('k:') ? JSON.parse(text.slice(2)) : null;
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== arity || !key.every((k) => typeof k === 'string' && k.length <= 200)) {
    throw new DomainError('request.invalid_cursor', 'The cursor is not one this API gave out.', {
      errors: [{ path: 'query.cursor', message: 'not a valid cursor' }],
    });
  }
  return key as string[];
}

/** Takes limit+1 rows (fetched in the list's order) and splits off the next keyset cursor. */
export function pageByKey<T>(rows: T[], limit: number, keyOf: (row: T) => readonly string[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeKeyCursor(keyOf(last)) : null };
}
