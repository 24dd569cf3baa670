/**
 * One loader per resource of the API. A page asks `loaders.unit(id)` or `loaders.sites()`
 * and never builds a URL itself; the answer is the shape the API documents (lists come as
 * their `items`). Loaders are made afresh for every navigation (createLoaders), so within
 * one page two parts that need the same resource share one request, and the next page
 * reads it again: what a person sees after a write is what the service holds.
 *
 * What cannot change while a tab is open is kept for the tab's life (createTabCache): the
 * served API document, and who the signed-in key is.
 */
import { allPages, api, ApiError } from './api.js';

const enc = encodeURIComponent;

/** Caches that live as long as the tab: the API document, and GET /me per key. */
export function createTabCache() {
  let doc = null;
  const me = new Map();
  const keep = (map, key, load) => {
    if (!map.has(key)) {
      const p = load();
      map.set(key, p);
      // A failed read is tried again next time.
      p.catch(() => map.get(key) === p && map.delete(key));
    }
    return map.get(key);
  };
  return {
    /** The served OpenAPI document (public): the field rules of every form. */
    apiDocument() {
      doc ??= fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } }).then((res) => {
        if (!res.ok) throw new ApiError(res.status, { title: 'The API description could not be read', detail: `The service answered ${res.status}.` });
        return res.json();
      });
      doc.catch(() => (doc = null));
      return doc;
    },
    /** GET /me for this key: its name, role and what it may do. */
    me: (key, signal) => keep(me, key, () => api('/me', { key, signal })),
    forget() {
      me.clear();
    },
  };
}

/**
 * The loaders of one navigation. `signal` aborts them when the person moves on.
 * @param {{ signal: AbortSignal, tab: ReturnType<typeof createTabCache> }} opts
 */
export function createLoaders({ signal, tab }) {
  const memo = new Map();
  const once = (key, load) => {
    if (!memo.has(key)) {
      const p = load();
      memo.set(key, p);
      p.catch(() => memo.get(key) === p && memo.delete(key));
    }
    return memo.get(key);
  };
  const key = (path, query) => `${path}?${new URLSearchParams(Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString()}`;
  const get = (path, query) => once(key(path, query), () => api(path, { query, signal }));
  const every = (path, query) => once(`all:${key(path, query)}`, () => allPages(path, query, { signal }));
  const items = (path) => once(`items:${path}`, () => api(path, { signal }).then((r) => r.items));
  const yearRange = (year) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

  return {
    signal,
    apiDocument: () => tab.apiDocument(),
    health: () => get('/health'),

    sites: () => items('/sites'),
    unit: (id) => get(`/units/${enc(id)}`),
    unitSanitization: (id) => get(`/units/${enc(id)}/sanitization`),
    /** One page of units (`{items, nextCursor}`). */
    units: (query) => get('/units', query),
    unitsSummary: () => get('/units/summary'),

    vendors: (query = {}) => every('/vendors', query),
    vendor: (code) => get(`/vendors/${enc(code)}`),
    unshippedEvents: (code) => every(`/vendors/${enc(code)}/unshipped-events`),
    shipments: (query = {}) => every('/shipments', query),
    /** One page of shipments (`{items, nextCursor}`). */
    shipmentsPage: (query) => get('/shipments', query),

    factorSets: () => every('/factor-sets'),
    magnetUpgrades: () => every('/magnet-upgrades'),

    kpis: (query) => get('/kpis', query),
    period: (year) => get(`/periods/${enc(year)}`),
    sasb: (year) => get('/reports/sasb/hc-ms-410a-2', { year }),
    indicators: (year) => get('/reports/indicators', { year }),
    downstream: (year) => get('/reports/downstream', { year }),
    sanitizationAudit: (year) => get('/reports/sanitization', yearRange(year)),
    ledgerVerdict: () => get('/audit/verify'),
  };
}
