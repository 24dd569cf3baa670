import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts the real server (npm start's entry point, from source) and resolves once it listens. */
function start(env: Record<string, string>, command: [string, string[]] = [process.execPath, ['--import', 'tsx', 'src/main.ts']]) {
  const child = spawn(command[0], command[1], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise<{ child: ChildProcess; port: number; out: () => string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /"url":"http:\/\/localhost:(\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), out: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

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
    const first = await start({ DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: '' });
    await new Promise((r) => setTimeout(r, 200));
    const key = /(ctk_[A-Za-z0-9]{40})/.exec(first.out())?.[1];
    expect(key).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${first.port}/api/v1/keys`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    let exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    await exited;
    const second = await start({ DATABASE_PATH: file, BOOTSTRAP_ADMIN_KEY: '' });
    await new Promise((r) => setTimeout(r, 200));
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
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(() => false, () => true);
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toBe(true);
  });

  it('when the configuration is invalid, then it refuses to start and names the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', POLICY_CHINA_EXCLUSION: 'maybe', DATABASE_PATH: path.join(dir, 'bad.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    expect(await exitOf(child)).not.toBe(0);
    expect(err).toContain('PORT');
    expect(err).toContain('POLICY_CHINA_EXCLUSION');
  });

  /** Runs a command to its end and collects what it printed. */
  function run(command: string, args: string[], env: Record<string, string>) {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    return exitOf(child).then((code) => ({ code, out, err }));
  }

  /** A port some other process already listens on. */
  async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, r));
    const port = (other.address() as net.AddressInfo).port;
    return { port, release: () => new Promise<void>((r) => other.close(() => r())) };
  }

  it.each([
    ['the server', [process.execPath, ['--import', 'tsx', 'src/main.ts']]],
    ['the demo', [process.execPath, ['--import', 'tsx', 'scripts/demo.ts']]],
  ] as const)('when the port is taken, then %s says so in one line, prints no key, and exits non-zero', { timeout: 120_000 }, async (_what, [cmd, args]) => {
    const { port, release } = await takenPort();
    try {
      const r = await run(cmd, [...args], { PORT: String(port), DATABASE_PATH: path.join(dir, `taken-${port}.db`), BOOTSTRAP_ADMIN_KEY: '' });
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
    const r = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { PORT: '0', DATABASE_PATH: path.join(blocker, 'data', 'circularity.db') });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^cannot open the database at ${blocker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/data/circularity.db: a part of the path is a file, not a folder \\(ENOTDIR\\)\\. Check DATABASE_PATH`));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it.skipIf(process.getuid?.() === 0)('when the data folder is read-only for this user, then start-up ends with one clear line', { timeout: 120_000 }, async () => {
    const ro = path.join(dir, 'read-only');
    fs.mkdirSync(ro, { mode: 0o555 });
    const r = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { PORT: '0', DATABASE_PATH: path.join(ro, 'circularity.db') });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^cannot open the database at .*: (permission denied|SQLite cannot open)/);
  });
});
