/**
 * The demo's MR magnet upgrades: a few dozen a year at customer sites, written through
 * the real service (so each carries its default-factor-set figure), dated like the
 * ledger so that the years lock over them. A couple sit at sites in China, which reports
 * leave out by default.
 */
import type { RequestCtx } from '../http/context.js';
import type { Deps } from '../http/context.js';
import { createMagnetUpgrade } from '../modules/magnet-upgrades/magnet-upgrades.service.js';
import type { DemoYear } from './catalog.js';
import { createRng } from './prng.js';

export const UPGRADES_PER_YEAR: Record<DemoYear, number> = { 2022: 14, 2023: 19, 2024: 26 };

const SITE_COUNTRIES = [
  ['US', 6], ['CA', 1], ['DE', 2], ['FR', 1], ['GB', 1], ['HU', 1], ['SA', 1], ['JP', 2], ['IN', 1], ['BR', 1], ['AU', 1], ['CN', 1],
] as const;

export type UpgradeOp = { date: string; run: () => void };

export function upgradeOps(deps: Deps, ctx: RequestCtx, seed: number): UpgradeOp[] {
  const rng = createRng(seed);
  const ops: UpgradeOp[] = [];
  for (const [year, count] of Object.entries(UPGRADES_PER_YEAR)) {
    for (let i = 0; i < count; i++) {
      const month = String(rng.int(1, 12)).padStart(2, '0');
      const day = String(rng.int(1, 28)).padStart(2, '0');
      const date = `${year}-${month}-${day}`;
      const fieldStrengthT = rng.chance(0.3) ? 3 : 1.5;
      const siteCountry = rng.weighted(SITE_COUNTRIES);
      // Most go by the set's default route; some sites are reached by rail, a few by air.
      const transportLegs = rng.chance(0.15)
        ? [{ mode: 'road' as const, km: 400 }, { mode: 'rail' as const, km: 1500 }, { mode: 'road' as const, km: 200 }]
        : undefined;
      const magnetSerial = `MAG-${year}-${String(i + 1).padStart(3, '0')}`;
      ops.push({
        date,
        run: () =>
          void createMagnetUpgrade(deps, ctx, {
            magnetSerial,
            siteCountry,
            fieldStrengthT,
            completedAt: date,
            ...(transportLegs ? { transportLegs } : {}),
          } as Parameters<typeof createMagnetUpgrade>[2]),
      });
    }
  }
  return ops;
}
