import { transaction } from '../../db/tx.js';
import { todayUtc } from '../../domain/dates.js';
import { DomainError } from '../../domain/errors.js';
import { certificationStatus, certifiedUntil, KIND_FOR, validOn, type VendorFacts, type VendorKind } from '../../domain/vendors.js';
import type { Deps, RequestCtx } from '../../http/context.js';
import { decodeCursor, encodeCursor } from '../../http/pagination.js';
import { recordAudit } from '../audit/audit.repo.js';
import * as repo from './vendors.repo.js';
import type { CertificationInput, CreateVendorInput, ListVendorsQueryT, VendorView } from './vendors.schemas.js';

const notFound = (code: string) => new DomainError('vendor.not_found', `No vendor ${code}.`);

const toCertificationView = (c: repo.CertificationRow) => ({
  id: c.id,
  scheme: c.scheme as VendorView['certifications'][number]['scheme'],
  certificateNo: c.certificateNo,
  validFrom: c.validFrom,
  validTo: c.validTo,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
});

/** A vendor with its certificates and its certification state as of `today`. */
export function toVendorView(v: repo.VendorRow, certs: repo.CertificationRow[], today: string): VendorView {
  const valid = validOn(certs, today);
  const current = valid.reduce<repo.CertificationRow | null>((best, c) => (best === null || c.validTo > best.validTo ? c : best), null);
  return {
    code: v.code,
    name: v.name,
    country: v.country,
    kinds: v.kinds as VendorKind[],
    certifications: certs.map(toCertificationView),
    asOf: today,
    certifiedToday: current !== null,
    currentCertification: current && toCertificationView(current),
    expiresOn: current?.validTo ?? null,
    certifiedUntil: certifiedUntil(certs, today),
    certificationStatus: certificationStatus(certs, today),
    createdAt: v.createdAt,
    createdBy: v.createdBy,
  };
}

const actorOf = (ctx: RequestCtx) => ctx.actor?.keyId ?? 'system';

/** Runs a vendor write (the read cache's vendor facts follow by themselves: the writes move the facts token). */
const write = <T>(deps: Deps, fn: () => T): T => transaction(deps.db, fn);

function insertCertification(deps: Deps, ctx: RequestCtx, code: string, c: CertificationInput, at: string): repo.CertificationRow {
  const row = { id: deps.newId('cert'), vendorCode: code, ...c, createdAt: at, createdBy: actorOf(ctx) };
  repo.insertCertification(deps.db, row);
  return { seq: 0, ...row };
}

export function createVendor(deps: Deps, ctx: RequestCtx, input: CreateVendorInput): VendorView {
  return write(deps, () => {
    const existing = repo.vendorByCode(deps.db, input.code);
    if (existing) {
      throw new DomainError('vendor.duplicate', `Vendor ${input.code} already exists (${existing.name}); a vendor is never edited: add certificates with POST /vendors/${input.code}/certifications.`, {
        extensions: { vendorCode: input.code },
      });
    }
    const at = deps.clock.now().toISOString();
    const row = { code: input.code, name: input.name, country: input.country, kinds: input.kinds, createdAt: at, createdBy: actorOf(ctx) };
    repo.insertVendor(deps.db, row);
    const certs = input.certifications.map((c) => insertCertification(deps, ctx, input.code, c, at));
    recordAudit(deps, ctx, {
      action: 'vendor.create',
      entityType: 'vendor',
      entityId: input.code,
      details: { name: input.name, country: input.country, kinds: input.kinds, certifications: certs.map((c) => c.id) },
    });
    return toVendorView({ seq: 0, ...row }, certs, todayUtc(deps.clock));
  });
}

/** Adds one certificate; an identical one (scheme, number and window) is refused. */
export function addCertification(deps: Deps, ctx: RequestCtx, code: string, input: CertificationInput): VendorView {
  return write(deps, () => {
    const vendor = repo.vendorByCode(deps.db, code);
    if (!vendor) throw notFound(code);
    const certs = repo.certificationsOf(deps.db, code);
    const same = certs.find(
      (c) => c.scheme === input.scheme && c.certificateNo === input.certificateNo && c.validFrom === input.validFrom && c.validTo === input.validTo,
    );
    if (same) {
      throw new DomainError('vendor.certification_duplicate', `Vendor ${code} already has ${input.scheme} ${input.certificateNo} valid ${input.validFrom} to ${input.validTo} (${same.id}).`, {
        extensions: { certificationId: same.id },
      });
    }
    const added = insertCertification(deps, ctx, code, input, deps.clock.now().toISOString());
    recordAudit(deps, ctx, { action: 'vendor.certification.add', entityType: 'vendor', entityId: code, details: { certificationId: added.id, ...input } });
    return toVendorView(vendor, [...certs, added], todayUtc(deps.clock));
  });
}

export function getVendor(deps: Deps, code: string): VendorView {
  const v = repo.vendorByCode(deps.db, code);
  if (!v) throw notFound(code);
  return toVendorView(v, repo.certificationsOf(deps.db, code), todayUtc(deps.clock));
}

export function listVendors(deps: Deps, q: ListVendorsQueryT): { items: VendorView[]; nextCursor: string | null } {
  const kinds = [q.kind, q.serves && KIND_FOR[q.serves]].filter((k): k is VendorKind => k !== undefined);
  const rows = repo.vendorsPage(deps.db, { afterSeq: decodeCursor(q.cursor), limit: q.limit, order: q.order, kinds });
  const items = rows.slice(0, q.limit);
  const today = todayUtc(deps.clock);
  return {
    items: items.map((v) => toVendorView(v, repo.certificationsOf(deps.db, v.code), today)),
    nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!.seq) : null,
  };
}

/**
 * Every vendor's facts, by code: every ledger write that names a vendor asks, so they are
 * kept in the app's read cache (a fact: any vendor or certificate write moves the token).
 */
export const allVendorFacts = (deps: Deps): ReadonlyMap<string, VendorFacts> => deps.cache.fact('vendors', () => repo.loadVendorFacts(deps.db));

/** What the ledger's rules and the reports know of a vendor; undefined for an unknown code. */
export const vendorFacts = (deps: Deps, code: string): VendorFacts | undefined => allVendorFacts(deps).get(code);
