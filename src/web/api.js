/**
 * The only place that talks to the service. The API key lives in this tab's
 * sessionStorage: it goes in the Authorization header, never in a URL or a cookie,
 * and it is gone when the tab closes.
 */
const STORAGE_KEY = 'circularity.apiKey';
const BASE = '/api/v1';

export const session = {
  get key() {
    try {
      return sessionStorage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  },
  set(key) {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  clear() {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      /* storage unavailable: nothing to clear */
    }
  },
};

/** An answer that was not a success, carrying the problem document's words. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `The service answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? null;
    this.title = problem.title ?? null;
    this.detail = problem.detail ?? null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

export function buildUrl(path, query = {}) {
  const url = new URL(BASE + path, location.origin);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    url.searchParams.set(k, String(v));
  }
  return url;
}

async function readProblem(res) {
  const type = res.headers.get('content-type') ?? '';
  try {
    if (type.includes('json')) return await res.json();
    const text = await res.text();
    return { detail: text.slice(0, 300) || undefined };
  } catch {
    return {};
  }
}

/**
 * Calls the API. `as` is 'json' (default), 'text' or 'blob'. Throws ApiError with
 * the problem's detail on any failure; a 401 also signs the tab out.
 */
export async function api(path, { method = 'GET', query, body, as = 'json', signal, key = session.key, headers = {} } = {}) {
  const init = { method, signal, headers: { Accept: as === 'json' ? 'application/json' : '*/*', ...headers } };
  if (key) init.headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(buildUrl(path, query), init);
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, {
      title: 'The service cannot be reached',
      detail: 'Check that the service is running and your network connection, then try again.',
    });
  }
  if (!res.ok) {
    const problem = await readProblem(res);
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && key === session.key) {
      session.clear();
      window.dispatchEvent(new CustomEvent('auth:required', { detail: err }));
    }
    throw err;
  }
  if (as === 'blob') return res.blob();
  if (as === 'text') return res.text();
  if (res.status === 204) return null;
  return res.json();
}

/** Reads every page of a list endpoint (`{items, nextCursor}`), calling onPage as pages arrive. */
export async function allPages(path, query = {}, { signal, onPage } = {}) {
  const items = [];
  let cursor;
  do {
    const page = await api(path, { query: { ...query, limit: 500, cursor }, signal });
    items.push(...page.items);
    onPage?.(items.length);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
