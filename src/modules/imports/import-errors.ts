import type { ErrorCode, RowError } from '../../domain/errors.js';

/**
 * One problem with one row, as the 400 answer lists it: the spreadsheet row (header
 * = 1), the column (null for the row as a whole), a message, and the code the
 * single-item endpoint would have answered (validation.failed, lifecycle.invalid_transition, ...).
 */
export type ImportRowError = RowError & { code: ErrorCode };

export const byRow = (a: ImportRowError, b: ImportRowError) => a.row - b.row;
