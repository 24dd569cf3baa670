import { todayUtc } from '../../domain/dates.js';
import type { Deps } from '../../http/context.js';
import { applyRollupDiff, type RollupDims } from '../kpis/rollup.repo.js';
import { isYearLocked } from '../periods/periods.repo.js';
import { listSites } from '../sites/sites.service.js';
import type { RollupField } from '../units/lifecycle.js';
import type { RollupDiff, RuleWorld } from '../units/units.rules.js';

/**
 * The rules' facts for one import, read once: the whole import runs in one
 * transaction, so sites and locks cannot change under it.
 */
export function bulkRuleWorld(deps: Deps): RuleWorld {
  const sites = new Map(listSites(deps).map((s) => [s.code, s.country]));
  const locked = new Map<number, boolean>();
  return {
    today: todayUtc(deps.clock),
    chinaExclusion: deps.config.policyChinaExclusion,
    siteCountry: (code) => sites.get(code),
    isYearLocked: (y) => {
      let v = locked.get(y);
      if (v === undefined) locked.set(y, (v = isYearLocked(deps, y)));
      return v;
    },
  };
}

/**
 * Sums every row's roll-up diff per (dimensions, day) and writes each sum once. The
 * roll-up is additive, so this leaves kpi_daily exactly as row-by-row writes would
 * (a day any row touched keeps its row, even if its net change is zero).
 */
export class RollupAccumulator {
  private readonly groups = new Map<string, { dims: RollupDims; days: RollupDiff }>();

  /** The group of the last dims object added: an events file adds a unit's rows one after another. */
  private last: { dims: RollupDims; group: { dims: RollupDims; days: RollupDiff } } | null = null;

  add(dims: RollupDims, diff: RollupDiff): void {
    let g = this.last?.dims === dims ? this.last.group : undefined;
    if (!g) {
      const key = `${dims.region}\u0000${dims.category}\u0000${dims.modality ?? ''}\u0000${dims.siteCode}`;
      g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { dims, days: new Map() }));
      this.last = { dims, group: g };
    }
    for (const [day, fields] of diff) {
      let sum = g.days.get(day);
      if (!sum) g.days.set(day, (sum = {}));
      for (const f of Object.keys(fields) as RollupField[]) sum[f] = (sum[f] ?? 0) + fields[f]!;
    }
  }

  flush(deps: Deps): void {
    for (const { dims, days } of this.groups.values()) applyRollupDiff(deps.db, dims, days);
  }
}
