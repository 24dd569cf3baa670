import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDatabaseFile } from '../../src/db/service-lock.js';

// The lock itself, in one process (SQLite refuses a second exclusive transaction on the
// file from the same process as from another). Two processes: test/process/single-service.test.ts.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lock-unit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the service lock', () => {
  it('when the lock of a file is held, then taking it again is refused naming the file; once released it can be taken', () => {
    const file = path.join(dir, 'inproc', 'x.db');
    const lock = lockDatabaseFile(file);
    expect(fs.existsSync(path.join(dir, 'inproc'))).toBe(true);
    expect(() => lockDatabaseFile(file)).toThrow(DatabaseInUseError);
    expect(() => lockDatabaseFile(path.join(dir, 'inproc', '.', 'x.db'))).toThrow(path.resolve(file));
    lock.release();
    const again = lockDatabaseFile(file);
    again.release();
    // The lock file is never written: it stays empty, with no journal beside it.
    expect(fs.readdirSync(path.join(dir, 'inproc'))).toEqual(['x.db.lock']);
    expect(fs.statSync(`${file}.lock`).size).toBe(0);
  });

  it('when the database is in memory, then there is nothing to lock', () => {
    const a = lockDatabaseFile(':memory:');
    const b = lockDatabaseFile(':memory:');
    expect([a.lockFile, b.lockFile]).toEqual(['', '']);
    a.release();
    b.release();
  });
});
