/**
 * What every rule that can refuse a write shares: the facts it may look at (the
 * "world", read from the database by the caller) and the refusal it returns as a
 * value. Rules are pure: same facts and input, same answer, no I/O.
 */
import { DomainError, validationError, type ErrorCode } from '../domain/errors.js';
import type { VendorFacts } from '../domain/vendors.js';

export type RuleWorld = {
  /** The app clock's date, YYYY-MM-DD. */
  today: string;
  /** POLICY_CHINA_EXCLUSION. */
  chinaExclusion: boolean;
  /** POLICY_SANITIZATION_REQUIRED. */
  sanitizationRequired: boolean;
  /** The country of a site, or undefined for an unknown code. */
  siteCountry(code: string): string | undefined;
  isYearLocked(year: number): boolean;
  /** A downstream vendor with its kinds and certifications, or undefined for an unknown code. */
  vendor(code: string): VendorFacts | undefined;
  /** The receipted shipment that carries an event, or undefined (no shipment, or one still open). */
  receiptedShipmentOf(eventId: string): string | undefined;
};

export type RuleError = {
  code: ErrorCode;
  /** The field the refusal is about (a CSV column, a body field), or null for the record as a whole. */
  column: string | null;
  message: string;
  extensions?: Record<string, unknown>;
};

/** A rule's answer: null when it has no objection. */
export type Refusal = RuleError | null;

export const invalid = (column: string, message: string): RuleError => ({ code: 'validation.failed', column, message });

/** The refusal as the error the single-item endpoints throw (a CSV import lists them per row instead). */
export function toDomainError(e: RuleError): DomainError {
  if (e.code === 'validation.failed') return validationError([{ path: e.column ?? '(body)', message: e.message }]);
  return new DomainError(e.code, e.message, e.extensions ? { extensions: e.extensions } : {});
}

/** Runs rules in order and answers the first refusal: the order IS the error precedence. */
export function firstRefusal<C>(rules: readonly ((c: C) => Refusal)[], c: C): Refusal {
  for (const rule of rules) {
    const r = rule(c);
    if (r) return r;
  }
  return null;
}
