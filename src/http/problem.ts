import { type DomainError, type ErrorCode, type FieldError, type RowError } from '../domain/errors.js';

/** Every code of the domain's closed list, mapped to its HTTP status in this one place. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  'validation.failed': 400,
  'request.malformed_json': 400,
  'request.invalid_cursor': 400,
  'import.invalid': 400,
  'auth.missing_key': 401,
  'auth.invalid_key': 401,
  'auth.forbidden': 403,
  'route.not_found': 404,
  'unit.not_found': 404,
  'key.not_found': 404,
  'site.not_found': 404,
  'factor_set.not_found': 404,
  'magnet_upgrade.not_found': 404,
  'unit.duplicate_serial': 409,
  'site.duplicate': 409,
  'lifecycle.invalid_transition': 409,
  'mass.exceeds_intake': 409,
  'policy.china_exclusion': 409,
  'period.locked': 409,
  'period.already_locked': 409,
  'period.not_locked': 409,
  'factor_set.duplicate': 409,
  'magnet_upgrade.duplicate': 409,
  'idempotency.mismatch': 409,
  'request.too_large': 413,
  'import.too_many_rows': 413,
  'request.unsupported_media_type': 415,
  'internal.error': 500,
  'service.unavailable': 503,
};
const TITLES: Record<ErrorCode, string> = {
  'validation.failed': 'The request is not valid',
  'request.malformed_json': 'The request body is not valid JSON',
  'request.invalid_cursor': 'The cursor is not valid',
  'import.invalid': 'The file has errors; nothing was stored',
  'auth.missing_key': 'An API key is required',
  'auth.invalid_key': 'The API key is not valid',
  'auth.forbidden': 'This key may not do that',
  'route.not_found': 'No such route',
  'unit.not_found': 'Unit not found',
  'key.not_found': 'Key not found',
  'site.not_found': 'Site not found',
  'factor_set.not_found': 'Factor set not found',
  'magnet_upgrade.not_found': 'Magnet upgrade not found',
  'unit.duplicate_serial': 'An open unit of this model already has this serial number',
  'site.duplicate': 'A site with this code already exists',
  'lifecycle.invalid_transition': 'This event is not allowed in the unit’s current state',
  'mass.exceeds_intake': 'Outgoing mass would exceed the unit’s intake mass',
  'policy.china_exclusion': 'Refused by the China exclusion policy',
  'period.locked': 'The reporting period is locked',
  'period.already_locked': 'The reporting period is already locked',
  'period.not_locked': 'The reporting period is not locked',
  'factor_set.duplicate': 'A factor set with this name and version already exists',
  'magnet_upgrade.duplicate': 'This magnet already has an upgrade recorded on that date',
  'idempotency.mismatch': 'This Idempotency-Key was used with a different request',
  'request.too_large': 'The request body is too large',
  'import.too_many_rows': 'The file has more rows than one import accepts',
  'request.unsupported_media_type': 'Unsupported content type',
  'internal.error': 'Internal error',
  'service.unavailable': 'Service unavailable',
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[] | RowError[];
  [k: string]: unknown;
};

export function toProblem(err: DomainError, instance?: string): Problem {
  return {
    type: `urn:circularity:problem:${err.code}`,
    title: TITLES[err.code],
    status: ERROR_STATUS[err.code],
    detail: err.message,
    code: err.code,
    ...(instance ? { instance } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extensions ?? {}),
  };
}
