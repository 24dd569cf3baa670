#!/usr/bin/env node
/**
 * Compiles src/ into dist/ (what `npm start` and the operations commands run).
 *
 *   node scripts/build.mjs             build now (`npm run build`)
 *   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than
 *                                      its sources (run before `npm start`, `npm run
 *                                      backup`, …)
 *
 * Plain JavaScript on purpose: it must run on a production install, where dev
 * dependencies (TypeScript, tsx) were left out (`npm ci --omit=dev` after a build).
 * There it never builds: an existing dist/ runs as it is, and a missing one is one line
 * and exit 1. Where TypeScript is installed, the build is tsc's incremental one, after
 * removing compiled files whose source is gone (so dist/ never runs a deleted module).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.tsbuildinfo'); // tsc writes it last, once the build succeeded
const ifStale = process.argv.includes('--if-stale');

/** The newest modification time among the compiled sources (folders too: a deleted file changes its folder). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, fs.statSync(dir).mtimeMs);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(root, 'src', 'web')) walk(p); // static files, served from src/
      } else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'src'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  return newest;
}

const built = fs.existsSync(stamp) && fs.existsSync(path.join(dist, 'main.js'));
const stale = !built || fs.statSync(stamp).mtimeMs < newestSource();
if (ifStale && !stale) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (built) {
    if (stale) process.stderr.write('note: src/ is newer than dist/, and TypeScript is not installed here (a production install): running dist/ as built.\n');
    process.exit(0);
  }
  process.stderr.write('dist/ is missing and TypeScript is not installed (npm ci --omit=dev): build where dev dependencies are installed (npm ci && npm run build), then install for production.\n');
  process.exit(1);
}

/** Compiled files (and their maps) whose TypeScript source no longer exists. */
function removeOrphans(dir) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      removeOrphans(p);
      if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
      continue;
    }
    const m = /^(.*)\.js(\.map)?$/.exec(path.relative(dist, p));
    if (m && !fs.existsSync(path.join(root, 'src', `${m[1]}.ts`))) fs.rmSync(p);
  }
}
removeOrphans(dist);
// `npm run build` emits every file again; --if-stale lets tsc emit only what changed.
if (!ifStale) fs.rmSync(stamp, { force: true });

const started = Date.now();
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// tsc leaves its build info alone when nothing needed emitting: mark dist/ as checked now.
const now = new Date();
fs.utimesSync(stamp, now, now);
if (ifStale) process.stderr.write(`built dist/ from src/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
