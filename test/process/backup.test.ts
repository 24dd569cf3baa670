import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { main as backup } from '../../src/cli/backup.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { run, startService, type ServiceProcess } from '../helpers/service-process.js';

// Contract v1.1 Operations: `npm run backup -- FILE` writes a consistent copy of the live
// database while the service keeps running; the service started on that copy gives the
// same figures.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-backup-'));
const SECRET = 'ctk_backup_test_bootstrap_key_123';
let server: ServiceProcess | undefined;
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The compiled service on `file` (test/setup/build.ts built it). */
async function startServer(file: string) {
  server = await startService({ env: { DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: SECRET } });
  return server.port;
}

const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

describe('npm run backup', () => {
  it('when a backup is taken while the service writes, then the service started on the copy gives the same figures up to the copy’s last write and the same chain head', { timeout: 180_000 }, async () => {
    const live = path.join(dir, 'live.db');
    const port = await startServer(live);
    const api = `http://127.0.0.1:${port}/api/v1`;
    const headers = { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' };
    const post = async (p: string, body: object) => {
      const res = await fetch(`${api}${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };

    // The load: one unit a day from 2020-01-01, assessed and fully recycled on its day,
    // written request after request by the running service until told to stop.
    let stop = false;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const u = await post('/units', { serialNumber: `BK-${i}`, category: 'ultrasound', model: 'U', massKg: 100 + i, originCountry: 'US', siteCode: 'US-ROC', receivedAt: day(i), returnChannel: 'buy_back' });
        await post(`/units/${u.id}/events`, { type: 'assessed', occurredAt: day(i), grade: 'C', route: 'recycle' });
        // An ultrasound may hold patient data: its storage is wiped before its mass leaves.
        await post(`/units/${u.id}/events`, { type: 'data_sanitized', occurredAt: day(i), method: 'purge', standard: 'NIST SP 800-88r1', media: [{ kind: 'ssd' }], verifiedBy: 'QA' });
        await post(`/units/${u.id}/events`, { type: 'recycled', occurredAt: day(i), massKg: 100 + i, material: 'mixed', recycler: 'R' });
        written = i + 1;
      }
    })();
    while (written < 30) await new Promise((r) => setTimeout(r, 20));

    const copy = path.join(dir, 'copy.db');
    const writtenBefore = written;
    // The compiled command, as `npm run backup -- FILE` runs it.
    const r = await run(process.execPath, ['dist/cli/backup.js', copy], { env: { DATABASE_PATH: live } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Backed up .* integrity ok/);
    while (written < writtenBefore + 20) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await writer;

    // Restore: start the service on the copy (migrations run as at any start).
    const db = openDatabase(copy);
    const { app } = createApp({ db, config: { ...loadConfig({}), logLevel: 'silent' }, logger: createLogger('silent') });
    const restored = (p: string) => request(app).get(`/api/v1${p}`).set('Authorization', `Bearer ${SECRET}`);
    const units = (await restored('/units?limit=500')).body.items as Array<{ serialNumber: string; receivedAt: string }>;
    const liveUnits = ((await (await fetch(`${api}/units?limit=500`, { headers })).json()) as { items: Array<{ serialNumber: string }> }).items;
    expect(units.length).toBeGreaterThanOrEqual(writtenBefore);
    expect(liveUnits.length).toBeGreaterThan(units.length); // the service went on writing after the copy
    // The copy is the live ledger as it stood at one moment: the first units written, none missing (in any list order).
    const indexes = (list: Array<{ serialNumber: string }>) => list.map((u) => Number(u.serialNumber.slice(3))).sort((a, b) => a - b);
    expect(indexes(units)).toEqual(indexes(liveUnits).slice(0, units.length));
    expect(indexes(units)).toEqual(Array.from({ length: units.length }, (_, i) => i));

    // Same figures up to the day before the copy's last unit (that one may have been caught between its requests).
    const lastComplete = day(units.length - 2);
    const q = `/kpis?from=2020-01-01&to=${lastComplete}&groupBy=month`;
    const copyKpis = (await restored(q)).body;
    const liveKpis = (await (await fetch(`${api}${q}`, { headers })).json()) as { totals: unknown; groups: unknown; excluded: unknown };
    const figures = (k: { totals: unknown; groups: unknown; excluded: unknown }) => ({ totals: k.totals, groups: k.groups, excluded: k.excluded });
    expect(copyKpis.totals.unitsReceived).toBe(units.length - 1);
    expect(figures(copyKpis)).toEqual(figures(liveKpis));
    // And the copy's audit log holds exactly the writes its ledger holds.
    const audit = db.$client.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'unit.%' OR action LIKE 'event.%'").pluck().get();
    const rows = Number(db.$client.prepare('SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM events)').pluck().get());
    expect(Number(audit)).toBe(rows);
    // The copy's hash chain verifies, and its head is the live chain's entry at that place.
    const verified = (await restored('/audit/verify')).body as { ok: boolean; entries: number; headHash: string };
    expect(verified).toMatchObject({ ok: true, entries: rows });
    const liveDb = openDatabase(live);
    const liveHashAt = liveDb.$client
      .prepare('SELECT hash FROM units WHERE ledger_seq = ? UNION ALL SELECT hash FROM events WHERE ledger_seq = ?')
      .pluck()
      .get(rows, rows);
    closeDatabase(liveDb);
    expect(verified.headHash).toBe(liveHashAt);
    closeDatabase(db);
  });

  it('when the target exists or the database does not, then it refuses (exit 2) and writes nothing', async () => {
    const errs: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errs.push(String(s)), true));
    const existing = path.join(dir, 'exists.db');
    fs.writeFileSync(existing, 'keep me');
    expect(await backup([existing], { DATABASE_PATH: path.join(dir, 'live.db') })).toBe(2);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    expect(await backup([path.join(dir, 'new.db')], { DATABASE_PATH: path.join(dir, 'missing.db') })).toBe(2);
    expect(fs.existsSync(path.join(dir, 'new.db'))).toBe(false);
    expect(await backup([], {})).toBe(2);
    vi.restoreAllMocks();
    expect(errs.join('')).toMatch(/never overwrites[\s\S]*no database at[\s\S]*usage: npm run backup -- FILE/);
  });
});
