import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startService as startServiceProcess } from '../../helpers/service-process.js';

export { ROOT };

export type Service = { url: string; key: string; dir: string; stop(): Promise<void>; log(): string };

/**
 * The configuration every browser test runs the service with, whatever the shell that
 * runs them exported (an exported POLICY_SANITIZATION_REQUIRED=false once failed two of
 * them): the shipped defaults, written out, plus what a test adds.
 */
export const E2E_CONFIG = {
  LOG_LEVEL: 'info',
  POLICY_CHINA_EXCLUSION: 'true',
  POLICY_SANITIZATION_REQUIRED: 'true',
  RATE_LIMIT_AUTH_FAILURES: '20',
  RATE_LIMIT_AUTH_WINDOW_SECONDS: '900',
  RATE_LIMIT_ESTIMATE_ITERATIONS: '2000000',
  RATE_LIMIT_ESTIMATE_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'false',
} as const;

/**
 * Starts the compiled service (dist/, as `npm start` runs it; vitest.e2e.config.ts builds
 * it first) on a random free port over the given database file, and waits for its
 * "listening" line, however long a busy machine takes.
 */
export async function startService(opts: { databasePath: string; adminKey?: string; env?: Record<string, string> }): Promise<Service> {
  const dir = path.dirname(opts.databasePath);
  const key = opts.adminKey ?? `e2e_admin_${Math.random().toString(36).slice(2)}_key`;
  const service = await startServiceProcess({ env: { ...E2E_CONFIG, DATABASE_PATH: opts.databasePath, BOOTSTRAP_ADMIN_KEY: key, ...opts.env } });
  return {
    url: service.url,
    key,
    dir,
    log: service.out,
    stop: async () => {
      if (service.child.exitCode === null) await service.stop();
    },
  };
}

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A small JSON client for the service, as the dashboard uses it. */
export function client(url: string, key: string) {
  const send = (method: string, p: string, body?: unknown) =>
    fetch(`${url}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const call = async (method: string, p: string, body?: unknown) => {
    // A kept-alive connection the service closed (its 5 s idle timeout) just as this request
    // went out on it is reset; on a loaded machine that race is common. A GET is safe to send
    // again, as browsers do; a POST is not retried.
    const reset = (e: unknown) => method === 'GET' && /ECONNRESET|UND_ERR_SOCKET/.test(String((e as { cause?: { code?: string } }).cause?.code));
    const res = await send(method, p, body).catch((e: unknown) => (reset(e) ? send(method, p, body) : Promise.reject(e)));
    const text = await res.text();
    const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
    return json;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, body?: unknown) => call('POST', p, body) };
}
