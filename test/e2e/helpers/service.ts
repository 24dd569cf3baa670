import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type Service = { url: string; key: string; dir: string; stop(): Promise<void>; log(): string };

/**
 * Starts the real service (src/main.ts, as `npm start` does) on a random free port
 * over the given database file, and waits for its "listening" line.
 */
export async function startService(opts: { databasePath: string; adminKey?: string; env?: Record<string, string> }): Promise<Service> {
  const dir = path.dirname(opts.databasePath);
  const key = opts.adminKey ?? `e2e_admin_${Math.random().toString(36).slice(2)}_key`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_PATH: opts.databasePath,
      BOOTSTRAP_ADMIN_KEY: key,
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start in 30 s:\n${out}`)), 30_000);
    const check = () => {
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const j = JSON.parse(line);
          if (j.msg === 'listening' && j.url) {
            clearTimeout(timer);
            resolve(String(j.url).replace('localhost', '127.0.0.1'));
          }
        } catch {
          /* a partial line: wait for the rest */
        }
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    key,
    dir,
    log: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A small JSON client for the service, as the dashboard uses it. */
export function client(url: string, key: string) {
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${p}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
    return json;
  };
  return { get: (p: string) => call('GET', p), post: (p: string, body?: unknown) => call('POST', p, body) };
}
