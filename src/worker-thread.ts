/**
 * Starts a worker thread on a module of this codebase, compiled or not. From dist/
 * (`npm start`, a production install without dev dependencies) the module is a .js
 * file and runs as it is. From the TypeScript sources (tsx, vitest) a worker thread
 * does not inherit the parent's loader, so the thread registers tsx (a dev
 * dependency, present wherever the sources run) and then imports the .ts file.
 *
 * Callers name the module with their own extension, so both cases find it:
 * `workerModule('./import-worker', import.meta.url)`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The worker module `name` beside the calling module, with the caller's extension (.ts or .js). */
export const workerModule = (name: string, callerUrl: string): URL => new URL(`${name}${path.extname(fileURLToPath(callerUrl))}`, callerUrl);

/** tsx's ES module API (its CommonJS build registers a wrong path from a worker), found through its package's exports. */
function tsxEsmApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  return pathToFileURL(path.join(path.dirname(pkg), entry)).href;
}

export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
