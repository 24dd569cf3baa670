import type { z } from 'zod';
import { say } from '../../domain/messages.js';
import type { ImportRowError } from './import-errors.js';

/**
 * Validates one row's object with a single-item schema and turns zod's issues into
 * row errors a spreadsheet user can act on (one per column). The words come from the
 * catalogue JSON requests use (domain/messages.ts); only what differs in a file is
 * said here: a column names the field, and a cell is emptied rather than left out.
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
      // The header refuses unknown columns, so a key here is a field of another event type.
      for (const key of issue.keys) push(key, say.notForThisType(String(obj.type)));
    } else if (issue.code !== 'custom' && column !== null && obj[column] === undefined) {
      push(column, say.required);
    } else {
      push(column, issue.message);
    }
  }
  return null;
}
