import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The process and smoke suites run the compiled service and commands (dist/), as they
 * ship: build it first when it is missing or older than src/ (as `npm start` does).
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the build failed (exit ${r.status}): see above`);
}
