import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import type { EventInput } from '../../src/modules/units/units.schemas.js';
import { appendEvent, createUnit } from '../../src/modules/units/units.service.js';

// The ultrasound units raced for may hold patient data: they are sanitized before any mass leaves.
const SANITIZED: EventInput = {
  type: 'data_sanitized', occurredAt: '2024-01-02', method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'ssd' }], verifiedBy: 'QA',
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-race-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));


/** The racing threads, started once for the file and reused by every race. */
const racers: Worker[] = [];
afterAll(() => Promise.all(racers.map((w) => w.terminate())));

function race(file: string, unitId: string, bodies: object[]) {
  const barrier = new SharedArrayBuffer(8);
  const flag = new Int32Array(barrier);
  while (racers.length < bodies.length) racers.push(new Worker(new URL('../helpers/race-worker.mjs', import.meta.url)));
  const results = bodies.map(
    (body, i) =>
      new Promise<{ ok: boolean; code?: string }>((resolve, reject) => {
        const w = racers[i]!;
        const onError = (e: Error) => reject(e);
        w.once('error', onError);
        w.once('message', (m) => {
          w.off('error', onError);
          resolve(m);
        });
        w.postMessage({ file, unitId, body, barrier });
      }),
  );
  // Release every worker at once when all have opened their connection.
  const release = setInterval(() => {
    if (Atomics.load(flag, 1) === bodies.length) {
      clearInterval(release);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  }, 5);
  return Promise.all(results);
}

describe('racing for the last kilograms', () => {
  it('when two connections in two threads take the last 60 of 100 kg at the same instant, then exactly one succeeds', { timeout: 240_000 }, async () => {
    for (let round = 0; round < 5; round++) {
      const file = path.join(dir, `race-${round}.db`);
      const db = openDatabase(file);
      const { deps } = createApp({ db, config: { ...loadConfig({}), logLevel: 'silent' }, logger: createLogger('silent') });
      const ctx = { actor: null, requestId: 'setup' };
      const unit = createUnit(deps, ctx, {
        serialNumber: `R-${round}`, category: 'ultrasound', model: 'U', massKg: 100, massSource: 'measured',
        originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2024-01-01', returnChannel: 'buy_back',
      });
      appendEvent(deps, ctx, unit.id, { type: 'assessed', occurredAt: '2024-01-02', grade: 'D', route: 'recycle' });
      appendEvent(deps, ctx, unit.id, SANITIZED);
      appendEvent(deps, ctx, unit.id, { type: 'recycled', occurredAt: '2024-01-03', massKg: 40, material: 'mixed', recycler: 'R' });
      closeDatabase(db);

      const take = { type: 'recycled', occurredAt: '2024-01-04', massKg: 60, material: 'copper', recycler: 'R' };
      const results = await race(file, unit.id, [take, take]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(['lifecycle.invalid_transition']);

      const check = openDatabase(file);
      const row = check.$client.prepare('SELECT state, recycled_g FROM units WHERE id = ?').get(unit.id);
      expect(row).toEqual({ state: 'closed', recycled_g: 100_000 });
      expect(check.$client.prepare('SELECT sum(recycled_g) g FROM kpi_daily').get()).toEqual({ g: 100_000 });
      closeDatabase(check);
    }
  });

  it('when two connections each take 60 of 100 remaining kg, then one gets mass.exceeds_intake', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'race-mass.db');
    const db = openDatabase(file);
    const { deps } = createApp({ db, config: { ...loadConfig({}), logLevel: 'silent' }, logger: createLogger('silent') });
    const ctx = { actor: null, requestId: 'setup' };
    const unit = createUnit(deps, ctx, {
      serialNumber: 'RM', category: 'ultrasound', model: 'U', massKg: 100, massSource: 'measured',
      originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2024-01-01', returnChannel: 'buy_back',
    });
    appendEvent(deps, ctx, unit.id, { type: 'assessed', occurredAt: '2024-01-02', grade: 'D', route: 'recycle' });
    appendEvent(deps, ctx, unit.id, SANITIZED);
    closeDatabase(db);
    const take = { type: 'landfilled', occurredAt: '2024-01-04', massKg: 60, reason: 'r' };
    const results = await race(file, unit.id, [take, take]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)!.code).toBe('mass.exceeds_intake');
    const check = openDatabase(file);
    expect(check.$client.prepare('SELECT landfilled_g FROM units WHERE id = ?').get(unit.id)).toEqual({ landfilled_g: 60_000 });
    closeDatabase(check);
  });
});
