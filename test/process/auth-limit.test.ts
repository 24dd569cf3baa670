import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../helpers/service-process.js';

// Contract v1.2: failed attempts are counted before they are answered, so parallel
// guesses cannot exceed the limit. In process, supertest's requests hardly overlap; over
// real sockets they do: before this was fixed, 200 wrong keys at once got 130 answers of
// 401 against a limit of 20, and 1,000 got 390 to 415 (measured on the shared 2-core
// machine), and the valid key and /health sent after them were 429.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-guess-'));
const KEY = 'ctk_limits_process_test_bootstrap_key';
let service: ServiceProcess | undefined;
afterAll(async () => {
  await service?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('failed authentications against the running service', () => {
  it('when 1,000 wrong keys arrive at once over real connections, then exactly 20 get 401 and the rest 429; a valid key and /health from the same address are then served', async () => {
    service = await startService({
      env: { DATABASE_PATH: path.join(dir, 'guess.db'), BOOTSTRAP_ADMIN_KEY: KEY, RATE_LIMIT_AUTH_FAILURES: '20', RATE_LIMIT_AUTH_WINDOW_SECONDS: '900' },
    });
    const api = `${service.url}/api/v1`;
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fetch(`${api}/units`, { headers: { Authorization: `Bearer ctk_parallel_guess_${i}` } }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    expect({ 401: statuses.filter((s) => s === 401).length, 429: statuses.filter((s) => s === 429).length }).toEqual({ 401: 20, 429: 980 });
    expect((await fetch(`${api}/units`, { headers: { Authorization: `Bearer ${KEY}` } })).status).toBe(200);
    expect((await fetch(`${api}/health`)).status).toBe(200);
  });
});
