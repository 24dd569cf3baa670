/** The /kpis query for one calendar year in the chosen scope. */
export const yearQuery = (year, includeChina, extra = {}) => ({
  from: `${year}-01-01`,
  to: `${year}-12-31`,
  includeChina: includeChina ? 'true' : undefined,
  ...extra,
});

// Activity in the year itself; pendingKg is left out because it carries over into every later year.
const hasData = (g) => ['unitsReceived', 'totalKg', 'magnetUpgrades'].some((k) => Number(g[k]) > 0);

/** KPIs per calendar year, from the first year with figures to the last (quiet years between them stay, as zeros). */
export async function kpisByYear(loaders, includeChina) {
  const thisYear = new Date().getUTCFullYear();
  const res = await loaders.kpis({ groupBy: 'year', from: '2000-01-01', to: `${thisYear}-12-31`, includeChina: includeChina ? 'true' : undefined });
  const all = res.groups.map((g) => ({ ...g, key: String(g.key).slice(0, 4) }));
  all.sort((a, b) => a.key.localeCompare(b.key));
  const first = all.findIndex(hasData);
  const last = all.findLastIndex(hasData);
  return { ...res, groups: first < 0 ? [] : all.slice(first, last + 1) };
}
