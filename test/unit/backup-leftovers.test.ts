import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { partialOf, removeLeftovers } from '../../src/cli/backup.js';

// What the next backup removes before it starts (a real killed backup: test/process/backup-killed.test.ts).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-leftovers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('what the next backup removes', () => {
  it('when a folder holds partial copies, then only this host’s whose process is gone are removed, side files included; live ones, other hosts’ and other files stay', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    const deadPid = gone.pid!;
    const write = (name: string) => fs.writeFileSync(path.join(dir, name), 'x'.repeat(10));
    const dead = path.basename(partialOf(path.join(dir, 'a.db'), deadPid));
    const live = path.basename(partialOf(path.join(dir, 'b.db'), process.pid));
    const kept = [live, `${live}-journal`, `c.db.partial-another-host-${deadPid}`, `d.db.partial-${deadPid}`, 'notes.partial-draft', 'older.db'];
    for (const n of [dead, `${dead}-journal`, `${dead}-wal`, ...kept]) write(n);

    const removed = removeLeftovers(dir);
    expect(removed.files.map((f) => path.basename(f)).sort()).toEqual([dead, `${dead}-journal`, `${dead}-wal`].sort());
    expect(removed.bytes).toBe(30);
    expect(fs.readdirSync(dir).sort()).toEqual([...kept].sort());
  });
});
