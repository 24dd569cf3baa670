import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { main } from '../../src/cli/admin-key.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { seedDatabase } from '../../src/seed.js';

describe('npm run admin-key', () => {
  let dir: string;
  let out: string;
  let err: string;
  let file: string;
  const env = () => ({ DATABASE_PATH: file, LOG_LEVEL: 'silent' });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-key-'));
    file = path.join(dir, 'circularity.db');
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A database whose only admin key was revoked behind the API (as a database locked out before the 409 existed). */
  function lockedOutDatabase() {
    const db = openDatabase(file);
    const config = { ...loadConfig({ DATABASE_PATH: file }), bootstrapAdminKey: 'ctk_locked_out_admin_secret_1234' };
    const { deps } = createApp({ db, config, logger: createLogger('silent') });
    seedDatabase(deps);
    db.$client.prepare("UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z'").run();
    closeDatabase(db);
  }

  it('when the database has no active admin key, then it mints one whose secret works against the service, and audits it', async () => {
    lockedOutDatabase();
    expect(main(['--name', 'Recovered admin'], env())).toBe(0);
    const secret = /(ctk_[A-Za-z0-9]{40})/.exec(out)?.[1];
    expect(secret).toBeDefined();
    const db = openDatabase(file);
    const { app } = createApp({ db, config: loadConfig({ DATABASE_PATH: file, LOG_LEVEL: 'silent' }), logger: createLogger('silent') });
    const me = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${secret}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'Recovered admin', role: 'admin' });
    const audit = db.$client.prepare("SELECT actor, action, entity_id FROM audit_log WHERE action = 'key.recover'").all();
    expect(audit).toEqual([{ actor: 'cli', action: 'key.recover', entity_id: me.body.keyId }]);
    expect(JSON.stringify(db.$client.prepare('SELECT * FROM api_keys').all())).not.toContain(secret);
    closeDatabase(db);
  });

  it('when an active admin key exists, then it refuses (exit 1) unless --force', () => {
    const db = openDatabase(file);
    const { deps } = createApp({ db, config: { ...loadConfig({ DATABASE_PATH: file }), bootstrapAdminKey: 'ctk_active_admin_secret_12345' }, logger: createLogger('silent') });
    seedDatabase(deps);
    closeDatabase(db);
    expect(main(['--name', 'extra'], env())).toBe(1);
    expect(err).toContain('1 active admin key(s); nothing was created');
    const count = () => {
      const check = new Database(file, { readonly: true });
      const n = check.prepare("SELECT count(*) FROM api_keys WHERE role = 'admin'").pluck().get();
      check.close();
      return n;
    };
    expect(count()).toBe(1);
    expect(main(['--name', 'extra', '--force'], env())).toBe(0);
    expect(count()).toBe(2);
  });

  it('when DATABASE_PATH names no file, then nothing is created and the exit code is 2', () => {
    expect(main(['--name', 'x'], env())).toBe(2);
    expect(err).toContain('no database at');
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each([[[]], [['--name']], [['--name', '']], [['--name', 'a', 'stray']], [['--name', 'a', '--colour', 'red']]])('when the arguments are %j, then usage and exit 2', (argv) => {
    expect(main(argv, env())).toBe(2);
    expect(err).toContain('usage: npm run admin-key -- --name NAME [--force]');
  });
});
