import { z } from 'zod';
import { DomainError } from '../domain/errors.js';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50).'),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page.'),
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
