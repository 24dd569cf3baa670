import { api } from '../api.js';

/** The /kpis query for one calendar year in the chosen scope. */
export const yearQuery = (year, includeChina, extra = {}) => ({
  from: `${year}-01-01`,
  to: `${year}-12-31`,
  includeChina: includeChina ? 'true' : undefined,
  ...extra,
});

const hasData = (g) => ['unitsReceived', 'totalKg', 'pendingKg', 'magnetUpgrades'].some((k) => Number(g[k]) > 0);

/** KPIs per calendar year, from the first year the service could hold up to this one; years with nothing are dropped. */
export async function kpisByYear(includeChina, signal) {
  const thisYear = new Date().getUTCFullYear();
  const res = await api('/kpis', {
    query: { groupBy: 'year', from: '2000-01-01', to: `${thisYear}-12-31`, includeChina: includeChina ? 'true' : undefined },
    signal,
  });
  const groups = (res.groups ?? []).filter(hasData).map((g) => ({ ...g, key: String(g.key).slice(0, 4) }));
  groups.sort((a, b) => a.key.localeCompare(b.key));
  return { ...res, groups };
}
