import { eq } from 'drizzle-orm';
import { periodLocks } from '../../db/schema.js';
import type { Deps } from '../../http/context.js';
import { DomainError } from '../../http/problem.js';

export function isYearLocked(deps: Deps, year: number): boolean {
  return deps.db.select({ locked: periodLocks.locked }).from(periodLocks).where(eq(periodLocks.year, year)).get()?.locked ?? false;
}

/** Refuses with period.locked when any of the dates falls in a locked year. */
export function assertDatesOpen(deps: Deps, dates: Iterable<string>, what: string): void {
  const years = new Set<number>();
  for (const d of dates) years.add(Number(d.slice(0, 4)));
  for (const y of [...years].sort()) {
    if (isYearLocked(deps, y)) {
      throw new DomainError('period.locked', `${what} falls in ${y}, a locked reporting year; an admin must unlock it first.`, {
        extensions: { year: y },
      });
    }
  }
}
