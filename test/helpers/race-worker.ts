// Runs in a worker thread with its own SQLite connection: waits at a shared barrier so
// every worker starts together, then tries to append the given event through the service.
import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { ReadCache } from '../../src/db/read-cache.js';
import { defaultIdMaker } from '../../src/app.js';
import { systemClock } from '../../src/domain/dates.js';
import { appendEvent } from '../../src/modules/units/units.service.js';
import { DomainError } from '../../src/domain/errors.js';

type Race = { file: string; unitId: string; body: never; barrier: SharedArrayBuffer };

// One thread serves every race of its test file (loading the service's modules in a
// thread is the slow part): each message is one race, answered with its outcome.
parentPort!.on('message', ({ file, unitId, body, barrier }: Race) => {
  const db = openDatabase(file);
  const deps = { db, config: { ...loadConfig({}), logLevel: 'silent' as const }, clock: systemClock, newId: defaultIdMaker, cache: new ReadCache(db) };
  const flag = new Int32Array(barrier);
  Atomics.add(flag, 1, 1);
  Atomics.wait(flag, 0, 0);
  try {
    appendEvent(deps, { actor: { keyId: 'key_race', role: 'operator', name: 'race' }, requestId: 'race' }, unitId, body);
    parentPort!.postMessage({ ok: true });
  } catch (e) {
    parentPort!.postMessage({ ok: false, code: e instanceof DomainError ? e.code : String(e) });
  } finally {
    db.$client.close();
  }
});
