import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread finds the worker module `name` that lives beside the module
 * at `here` (pass `import.meta.url`), as piscina options (`filename`, `workerData`); for a
 * plain `new Worker(filename, ...)` spread this `workerData` into the worker's own.
 *
 * - Compiled (dist/, what `npm start` runs): `name.js`, plain JavaScript that needs
 *   nothing but Node.
 * - From source (tsx, vitest): a worker thread does not inherit the TypeScript loader of
 *   the thread that starts it, so it starts in `ts-worker.mjs`, which registers tsx
 *   (a dev dependency, present wherever the source runs) and then imports `name.ts`.
 *   That file is never compiled or shipped: dist/ cannot reach it.
 */
export function workerFile(here: string, name: string): { filename: string; workerData?: { tsModule: string } } {
  if (!here.endsWith('.ts')) return { filename: fileURLToPath(new URL(`./${name}.js`, here)) };
  return {
    filename: fileURLToPath(new URL('./ts-worker.mjs', import.meta.url)),
    workerData: { tsModule: new URL(`./${name}.ts`, here).href },
  };
}
