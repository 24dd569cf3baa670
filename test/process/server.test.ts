import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILED_SERVICE, exitOf, run, startService, type Command } from '../helpers/service-process.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The compiled service (dist/, built by test/setup/build.ts), as `npm start` runs it.
const start = (env: Record<string, string>, command?: Command) => startService({ env, command });

describe('the server process', () => {
  it('when it gets SIGTERM after writes, then it exits 0 and every committed write is in the database file', async () => {
    const file = path.join(dir, 'nested', 'folder', 'sigterm.db');
    const secret = 'ctk_process_test_bootstrap_key_1234';
    const { child, port } = await start({ DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: secret });
    const headers = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/units`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ serialNumber: `SIG-${i}`, category: 'ultrasound', model: 'U', massKg: 100 + i / 1000, originCountry: 'US', siteCode: 'US-ROC', receivedAt: '2024-01-01', returnChannel: 'buy_back' }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Checkpointed on close: the main file alone holds the data.
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT id, intake_g FROM units ORDER BY seq').all() as Array<{ id: string; intake_g: number }>;
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[19]!.intake_g).toBe(100_019);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  // Two starts one after the other: on a loaded 2-core machine that alone nears the default 30 s.
  it('when it starts on an empty database without BOOTSTRAP_ADMIN_KEY, then it prints a working admin key once', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'generated.db');
    const first = await start({ DATABASE_PATH: file });
    // The key is printed once the port is ours (seeded after listen): wait for it.
    await expect.poll(() => /(ctk_[A-Za-z0-9]{40})/.test(first.out()), { timeout: 60_000 }).toBe(true);
    const key = /(ctk_[A-Za-z0-9]{40})/.exec(first.out())?.[1];
    expect(key).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${first.port}/api/v1/keys`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    let exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    await exited;
    const second = await start({ DATABASE_PATH: file });
    // Seeding ends with the line saying which key to use; no key was made, so none is printed.
    await expect.poll(() => second.out(), { timeout: 60_000 }).toContain('admin key: use the one printed on first start');
    expect(second.out()).not.toMatch(/ctk_[A-Za-z0-9]{40}/);
    exited = exitOf(second.child);
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('when `npm start` gets SIGTERM, then the service itself stops (no orphan keeps serving)', { timeout: 180_000 }, async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { child, port } = await start({ DATABASE_PATH: path.join(dir, 'npm-start.db'), BOOTSTRAP_ADMIN_KEY: 'ctk_npm_start_test_bootstrap_key' }, [npm, ['start']]);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
    const exited = exitOf(child);
    child.kill('SIGTERM');
    await exited;
    // The port is free again only once the node process behind npm has exited.
    const refused = () => fetch(`http://127.0.0.1:${port}/api/v1/health`).then(() => false, () => true);
    await expect.poll(refused, { timeout: 60_000, interval: 100 }).toBe(true);
  });

  // Another address of this machine (a container's or a LAN's), if it has one.
  const lanAddress = Object.values(os.networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!lanAddress)('when HOST is not set, then only this machine reaches the service; with HOST=0.0.0.0, its network address does too and is printed', { timeout: 120_000 }, async () => {
    const reach = (host: string, port: number) => fetch(`http://${host}:${port}/api/v1/health`).then((r) => r.status, () => 'refused');
    const local = await start({ DATABASE_PATH: path.join(dir, 'host-default.db'), BOOTSTRAP_ADMIN_KEY: 'ctk_host_test_bootstrap_key_0001' });
    try {
      expect(local.out()).toContain('"host":"127.0.0.1"');
      expect(await reach('127.0.0.1', local.port)).toBe(200);
      expect(await reach(lanAddress!, local.port)).toBe('refused');
    } finally {
      const exited = exitOf(local.child);
      local.child.kill('SIGTERM');
      await exited;
    }
    const open = await start({ DATABASE_PATH: path.join(dir, 'host-lan.db'), BOOTSTRAP_ADMIN_KEY: 'ctk_host_test_bootstrap_key_0001', HOST: '0.0.0.0' });
    try {
      expect(await reach(lanAddress!, open.port)).toBe(200);
      expect(open.out()).toContain(`"lan":[`);
      expect(open.out()).toContain(`http://${lanAddress}:${open.port}`);
    } finally {
      const exited = exitOf(open.child);
      open.child.kill('SIGTERM');
      await exited;
    }
  });

  it('when the configuration is invalid, then it refuses to start and names the variable', async () => {
    const { code, err } = await run(...COMPILED_SERVICE, { env: { PORT: 'eighty', POLICY_CHINA_EXCLUSION: 'maybe', DATABASE_PATH: path.join(dir, 'bad.db') } });
    expect(code).not.toBe(0);
    expect(err).toContain('PORT');
    expect(err).toContain('POLICY_CHINA_EXCLUSION');
  });

  /** A port some other process already listens on. */
  async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, r));
    const port = (other.address() as net.AddressInfo).port;
    return { port, release: () => new Promise<void>((r) => other.close(() => r())) };
  }

  it.each([
    ['the server', COMPILED_SERVICE],
    // The demo is a development tool: it runs from source (npm run demo).
    ['the demo', [process.execPath, ['--import', 'tsx', 'scripts/demo.ts']]],
  ] as const)('when the port is taken, then %s says so in one line, prints no key, and exits non-zero', { timeout: 120_000 }, async (_what, [cmd, args]) => {
    const { port, release } = await takenPort();
    try {
      const r = await run(cmd, args, { env: { PORT: String(port), DATABASE_PATH: path.join(dir, `taken-${port}.db`) } });
      expect(r.code).not.toBe(0);
      expect(r.err.trim()).toBe(`port ${port} is in use; set PORT=${port + 1} (or another free port, 0 for any) and start again.`);
      expect(r.out).not.toMatch(/"listening"|Ctrl-C stops it|Demo admin key|Demo service|ctk_/);
    } finally {
      await release();
    }
  });

  it('when the data folder cannot be created or written, then start-up ends with one clear line and no stack trace', { timeout: 120_000 }, async () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const r = await run(...COMPILED_SERVICE, { env: { PORT: '0', DATABASE_PATH: path.join(blocker, 'data', 'circularity.db') } });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^cannot open the database at ${blocker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/data/circularity.db: a part of the path is a file, not a folder \\(ENOTDIR\\)\\. Check DATABASE_PATH`));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it.skipIf(process.getuid?.() === 0)('when the data folder is read-only for this user, then start-up ends with one clear line', { timeout: 120_000 }, async () => {
    const ro = path.join(dir, 'read-only');
    fs.mkdirSync(ro, { mode: 0o555 });
    const r = await run(...COMPILED_SERVICE, { env: { PORT: '0', DATABASE_PATH: path.join(ro, 'circularity.db') } });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^cannot open the database at .*: (permission denied|SQLite cannot open)/);
  });
});
