/**
 * A production install of this checkout in a temporary folder, as `npm ci --omit=dev`
 * after `npm run build` leaves one: the built dist/, the files the service reads at run
 * time (src/ for the dashboard and docs page, drizzle/ for the migrations, scripts/ for
 * `npm start`'s build check) and node_modules without the dev dependencies (no
 * TypeScript, no tsx, no vitest), so nothing compiled can lean on them unseen.
 *
 * Made in seconds without the network: hard links of the installed tree (`cp -al`), then
 * `npm prune --omit=dev`, which removes the dev packages from the copy only. The few
 * files npm rewrites in place (the lock files) are real copies first, so the checkout's
 * own files are never touched through a shared link.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './service-process.js';

export type ProductionInstall = { dir: string; remove(): void };

export function makeProductionInstall(): ProductionInstall {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/ is not built (test/setup/build.ts builds it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-production-'));
  for (const d of ['dist', 'src', 'drizzle', 'scripts', 'node_modules']) execFileSync('cp', ['-al', path.join(ROOT, d), path.join(dir, d)]);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    const { atime, mtime } = fs.statSync(path.join(ROOT, f));
    fs.utimesSync(path.join(dir, f), atime, mtime); // as checked out: dist/ stays as new as its sources
  }
  const hidden = path.join(dir, 'node_modules', '.package-lock.json');
  fs.rmSync(hidden, { force: true });
  fs.copyFileSync(path.join(ROOT, 'node_modules', '.package-lock.json'), hidden);
  execFileSync('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
