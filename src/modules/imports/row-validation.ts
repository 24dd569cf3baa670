import type { z } from 'zod';
import type { ImportRowError } from './import-errors.js';

/**
 * Validates one row's object with a single-item schema and turns zod's issues into
 * row errors a spreadsheet user can act on (one per column).
 */
export function validateRow<S extends z.ZodType>(
  schema: S,
  obj: Record<string, unknown>,
  row: number,
  errors: ImportRowError[],
): z.infer<S> | null {
  const r = schema.safeParse(obj);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const column = issue.path.length ? String(issue.path[0]) : null;
    const push = (col: string | null, message: string) => errors.push({ row, column: col, code: 'validation.failed', message });
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push(key, `does not apply to a "${String(obj.type)}" event; leave the cell empty`);
    } else if (issue.code !== 'custom' && column !== null && obj[column] === undefined) {
      push(column, 'is required');
    } else if (issue.code === 'invalid_union' && column === 'type') {
      const options = (issue as { options?: unknown[] }).options ?? [];
      push(column, `unknown event type "${String(obj.type)}"; expected one of ${options.join(', ')}`);
    } else {
      push(column, issue.message);
    }
  }
  return null;
}
