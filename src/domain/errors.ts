/**
 * The domain's vocabulary of refusals: one closed list of stable dotted codes and the
 * error that carries one. Rules and services speak only this; `src/http/problem.ts`
 * maps each code to its HTTP status and renders RFC 9457 problem+json.
 */
export const ERROR_CODES = [
  'validation.failed',
  'request.malformed_json',
  'request.invalid_cursor',
  'import.invalid',
  'auth.missing_key',
  'auth.invalid_key',
  'auth.forbidden',
  'route.not_found',
  'unit.not_found',
  'key.not_found',
  'site.not_found',
  'factor_set.not_found',
  'magnet_upgrade.not_found',
  'unit.duplicate_serial',
  'site.duplicate',
  'lifecycle.invalid_transition',
  'mass.exceeds_intake',
  'policy.china_exclusion',
  'period.locked',
  'period.already_locked',
  'period.not_locked',
  'factor_set.duplicate',
  'magnet_upgrade.duplicate',
  'idempotency.mismatch',
  'request.too_large',
  'import.too_many_rows',
  'request.unsupported_media_type',
  'internal.error',
  'service.unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldError = { path: string; message: string };
export type RowError = { row: number; column: string | null; message: string };

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldError[] | RowError[];
  /** Extra members of the problem document (e.g. state, allowedNext). */
  readonly extensions?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail: string,
    opts: { errors?: FieldError[] | RowError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = opts.errors;
    this.extensions = opts.extensions;
  }
}

export const validationError = (errors: FieldError[], detail?: string) =>
  new DomainError('validation.failed', detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    errors,
  });
