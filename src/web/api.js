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
    /** The whole problem document, for its extension members (e.g. existingUnitId). */
    this.problem = problem;
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

/**
 * A fresh Idempotency-Key (a random UUID v4). crypto.randomUUID exists only in secure
 * contexts (https, localhost); getRandomValues works on a plain-http LAN address too.
 */
export function newIdempotencyKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Sends a text body (a CSV file) with upload progress, which fetch cannot report.
 * Answers the parsed JSON; throws ApiError like api().
 */
export function upload(path, file, { contentType = 'text/csv', headers = {}, onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    if (session.key) xhr.setRequestHeader('Authorization', `Bearer ${session.key}`);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress?.({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, phase: 'upload' });
    xhr.upload.onload = () => onProgress?.({ loaded: file.size, total: file.size, phase: 'checking' });
    xhr.onerror = () =>
      reject(new ApiError(0, { title: 'The service cannot be reached', detail: 'The file was not confirmed as received. Check the connection and send it again: the same file is sent with the same Idempotency-Key, so it cannot be stored twice.' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      let body;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        body = { detail: xhr.responseText.slice(0, 300) };
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body);
      const err = new ApiError(xhr.status, body);
      if (xhr.status === 401) {
        session.clear();
        window.dispatchEvent(new CustomEvent('auth:required', { detail: err }));
      }
      reject(err);
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
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
