/**
 * The one writer of `vendors` and `vendor_certifications` (both append-only) and their
 * reads, among them every vendor's facts at once (the service keeps them in the read cache).
 */
import { and, asc, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { vendorCertifications, vendors } from '../../db/schema.js';
import type { VendorFacts } from '../../policies/index.js';

export type VendorRow = typeof vendors.$inferSelect;
export type CertificationRow = typeof vendorCertifications.$inferSelect;

export const vendorByCode = (db: Db, code: string): VendorRow | undefined => db.select().from(vendors).where(eq(vendors.code, code)).get();

export const certificationsOf = (db: Db, code: string): CertificationRow[] =>
  db.select().from(vendorCertifications).where(eq(vendorCertifications.vendorCode, code)).orderBy(asc(vendorCertifications.seq)).all();

const allCertifications = (db: Db): CertificationRow[] => db.select().from(vendorCertifications).orderBy(asc(vendorCertifications.seq)).all();

/** A page of vendors by insertion order that have every one of `kinds` (limit + 1 rows, so the caller can tell whether another page follows). */
export function vendorsPage(db: Db, q: { afterSeq: number; limit: number; order: 'asc' | 'desc'; kinds: readonly string[] }): VendorRow[] {
  const conds: SQL[] = [];
  if (q.afterSeq > 0) conds.push(q.order === 'asc' ? gt(vendors.seq, q.afterSeq) : lt(vendors.seq, q.afterSeq));
  // A programme has tens of vendors: their kinds (a JSON array) are filtered here rather than in SQL.
  const rows = db
    .select()
    .from(vendors)
    .where(and(...conds))
    .orderBy(q.order === 'asc' ? asc(vendors.seq) : desc(vendors.seq))
    .all();
  return rows.filter((v) => q.kinds.every((k) => v.kinds.includes(k))).slice(0, q.limit + 1);
}

export function insertVendor(db: Db, row: Omit<VendorRow, 'seq'>): void {
  db.insert(vendors).values(row).run();
}

export function insertCertification(db: Db, row: Omit<CertificationRow, 'seq'>): void {
  db.insert(vendorCertifications).values(row).run();
}

/** Every vendor's facts (kinds and certificates), by code. */
export function loadVendorFacts(db: Db): Map<string, VendorFacts> {
  const byCode = new Map<string, VendorFacts>();
  for (const v of db.select().from(vendors).all()) byCode.set(v.code, { code: v.code, name: v.name, country: v.country, kinds: v.kinds, certifications: [] });
  for (const c of allCertifications(db)) {
    (byCode.get(c.vendorCode)!.certifications as VendorFacts['certifications'][number][]).push({
      scheme: c.scheme,
      certificateNo: c.certificateNo,
      validFrom: c.validFrom,
      validTo: c.validTo,
    });
  }
  return byCode;
}
