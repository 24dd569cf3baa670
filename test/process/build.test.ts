import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../helpers/service-process.js';

/**
 * scripts/build.mjs, which runs before `npm start` and the operations commands, on copies
 * of the checkout: with TypeScript (a developer's clone) it builds only when dist/ is
 * missing or older than src/; without it (a production install) it never builds.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A copy of what the build reads; `typescript: true` links the checkout's node_modules. */
function checkout(opts: { typescript: boolean; dist?: boolean }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-build-'));
  dirs.push(dir);
  for (const d of ['src', 'scripts', ...(opts.dist ? ['dist'] : [])]) execFileSync('cp', ['-a', path.join(ROOT, d), path.join(dir, d)]);
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) execFileSync('cp', ['-a', path.join(ROOT, f), path.join(dir, f)]);
  if (opts.typescript) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}
const buildIfStale = (dir: string) => run(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: dir, env: {} });

describe('the build before npm start', () => {
  it('when dist/ is missing and TypeScript is there (a fresh clone after npm ci), then it builds; run again, it does nothing; a changed or deleted source builds again, and a deleted module leaves no compiled file', async () => {
    const dir = checkout({ typescript: true });
    const first = await buildIfStale(dir);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/^built dist\/ from src\/ in [\d.]+ s\n$/);
    expect(fs.existsSync(path.join(dir, 'dist/main.js'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dist/modules/magnet-upgrades/simulation.worker.js'))).toBe(true);

    const second = await buildIfStale(dir);
    expect(second).toEqual({ code: 0, out: '', err: '' });

    fs.rmSync(path.join(dir, 'src/modules/magnet-upgrades/simulation-jobs.ts'));
    fs.writeFileSync(path.join(dir, 'src/modules/magnet-upgrades/simulation-jobs.ts'), fs.readFileSync(path.join(ROOT, 'src/modules/magnet-upgrades/simulation-jobs.ts')));
    fs.rmSync(path.join(dir, 'src/verifier'), { recursive: true });
    fs.rmSync(path.join(dir, 'src/cli/verify-evidence.ts'));
    const third = await buildIfStale(dir);
    expect(third.code, third.err).toBe(0);
    expect(third.err).toMatch(/^built dist\//);
    expect(fs.existsSync(path.join(dir, 'dist/verifier'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dist/cli/verify-evidence.js'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'dist/cli/backup.js'))).toBe(true);
  });

  it('when TypeScript is not installed (a production install), then a built dist/ runs as it is, and a missing one is one line and exit 1', async () => {
    const built = checkout({ typescript: false, dist: true });
    fs.utimesSync(path.join(built, 'src/main.ts'), new Date(), new Date()); // src/ newer than dist/
    const stale = await buildIfStale(built);
    expect(stale.code).toBe(0);
    expect(stale.err).toBe('note: src/ is newer than dist/, and TypeScript is not installed here (a production install): running dist/ as built.\n');

    const bare = checkout({ typescript: false });
    const missing = await buildIfStale(bare);
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toEqual([
      'dist/ is missing and TypeScript is not installed (npm ci --omit=dev): build where dev dependencies are installed (npm ci && npm run build), then install for production.',
    ]);
    expect(fs.existsSync(path.join(bare, 'dist'))).toBe(false);
  });
});
