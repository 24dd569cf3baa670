import { and, asc, eq, gt, gte, inArray, lte, max, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { magnetUpgradeFigures, magnetUpgrades } from '../../db/schema.js';
import type { ListMagnetUpgradesQueryT } from './magnet-upgrades.schemas.js';

export type UpgradeRow = typeof magnetUpgrades.$inferSelect;
export type FigureRow = typeof magnetUpgradeFigures.$inferSelect;

const inYear = (year: number): SQL =>
  and(gte(magnetUpgrades.completedAt, `${year}-01-01`), lte(magnetUpgrades.completedAt, `${year}-12-31`))!;

export const getUpgradeRow = (db: Db, id: string): UpgradeRow | undefined =>
  db.select().from(magnetUpgrades).where(eq(magnetUpgrades.id, id)).get();

export const findBySerialAndDate = (db: Db, magnetSerial: string, completedAt: string): UpgradeRow | undefined =>
  db
    .select()
    .from(magnetUpgrades)
    .where(and(eq(magnetUpgrades.magnetSerial, magnetSerial), eq(magnetUpgrades.completedAt, completedAt)))
    .get();

export function listUpgradeRows(db: Db, q: ListMagnetUpgradesQueryT, afterSeq: number): UpgradeRow[] {
  const conds: SQL[] = [gt(magnetUpgrades.seq, afterSeq)];
  if (q.year !== undefined) conds.push(inYear(q.year));
  if (q.region) conds.push(eq(magnetUpgrades.region, q.region));
  if (q.magnetSerial) conds.push(eq(magnetUpgrades.magnetSerial, q.magnetSerial));
  return db
    .select()
    .from(magnetUpgrades)
    .where(and(...conds))
    .orderBy(asc(magnetUpgrades.seq))
    .limit(q.limit + 1)
    .all();
}

/** Every figure of the given upgrades, oldest first per upgrade. */
export function figuresOf(db: Db, upgradeIds: string[]): Map<string, FigureRow[]> {
  const out = new Map<string, FigureRow[]>(upgradeIds.map((id) => [id, []]));
  if (upgradeIds.length === 0) return out;
  const rows = db
    .select()
    .from(magnetUpgradeFigures)
    .where(inArray(magnetUpgradeFigures.upgradeId, upgradeIds))
    .orderBy(asc(magnetUpgradeFigures.seq))
    .all();
  for (const r of rows) out.get(r.upgradeId)!.push(r);
  return out;
}

/** Each upgrade (optionally of one year) with its latest figure by seq: the one reports use. */
export function upgradesWithLatestFigure(db: Db, year?: number): { upgrade: UpgradeRow; latest: FigureRow }[] {
  const latest = db
    .select({ upgradeId: magnetUpgradeFigures.upgradeId, seq: max(magnetUpgradeFigures.seq).as('latest_seq') })
    .from(magnetUpgradeFigures)
    .groupBy(magnetUpgradeFigures.upgradeId)
    .as('latest');
  return db
    .select({ upgrade: magnetUpgrades, latest: magnetUpgradeFigures })
    .from(magnetUpgrades)
    .innerJoin(latest, eq(latest.upgradeId, magnetUpgrades.id))
    .innerJoin(magnetUpgradeFigures, eq(magnetUpgradeFigures.seq, latest.seq))
    .where(year === undefined ? undefined : inYear(year))
    .orderBy(asc(magnetUpgrades.seq))
    .all();
}

export const insertUpgrade = (db: Db, row: typeof magnetUpgrades.$inferInsert): void => {
  db.insert(magnetUpgrades).values(row).run();
};

export const insertFigure = (db: Db, row: typeof magnetUpgradeFigures.$inferInsert): void => {
  db.insert(magnetUpgradeFigures).values(row).run();
};
