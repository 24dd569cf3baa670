import { and, asc, eq, gt, gte, lte, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, units } from '../../db/schema.js';
import type { ListUnitsQueryT } from './units.schemas.js';
import type { Projection } from './lifecycle.js';

export type UnitRow = typeof units.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export const getUnit = (db: Db, id: string): UnitRow | undefined => db.select().from(units).where(eq(units.id, id)).get();

export const findOpenUnitBySerial = (db: Db, serialNumber: string, model?: string): UnitRow | undefined =>
  db
    .select()
    .from(units)
    .where(
      and(
        eq(units.serialNumber, serialNumber),
        ...(model !== undefined ? [eq(units.model, model)] : []),
        ne(units.state, 'closed'),
      ),
    )
    .orderBy(asc(units.seq))
    .get();

export function listUnits(db: Db, q: ListUnitsQueryT, afterSeq: number): UnitRow[] {
  const conds: SQL[] = [gt(units.seq, afterSeq)];
  if (q.state) conds.push(eq(units.state, q.state));
  if (q.category) conds.push(eq(units.category, q.category));
  if (q.region) conds.push(eq(units.region, q.region));
  if (q.siteCode) conds.push(eq(units.siteCode, q.siteCode));
  if (q.serialNumber) conds.push(eq(units.serialNumber, q.serialNumber));
  if (q.receivedFrom) conds.push(gte(units.receivedAt, q.receivedFrom));
  if (q.receivedTo) conds.push(lte(units.receivedAt, q.receivedTo));
  return db
    .select()
    .from(units)
    .where(and(...conds))
    .orderBy(asc(units.seq))
    .limit(q.limit + 1)
    .all();
}

export const unitEvents = (db: Db, unitId: string): EventRow[] =>
  db.select().from(events).where(eq(events.unitId, unitId)).orderBy(asc(events.seq)).all();

export const insertUnit = (db: Db, row: typeof units.$inferInsert): void => {
  db.insert(units).values(row).run();
};

export const insertEvent = (db: Db, row: typeof events.$inferInsert): void => {
  db.insert(events).values(row).run();
};

export function saveProjection(db: Db, unitId: string, p: Projection): void {
  db.update(units)
    .set({
      state: p.state,
      route: p.route,
      refurbishedG: p.balance.refurbishedG,
      harvestedG: p.balance.harvestedG,
      recycledG: p.balance.recycledG,
      landfilledG: p.balance.landfilledG,
      closedAt: p.closedAt,
      lastEventAt: p.lastEventAt,
    })
    .where(eq(units.id, unitId))
    .run();
}
