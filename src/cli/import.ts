/**
 * npm run import -- units FILE.csv   |   npm run import -- events FILE.csv   [--create-db]
 *
 * Imports a CSV file into the local database (DATABASE_PATH, migrated on open; it must
 * exist, unless --create-db says to create it: a mistyped path would otherwise import
 * into a new empty database) with
 * the same code as POST /imports/*: same rules, all or nothing. The actor recorded
 * in the audit log, units.created_by and events.actor is "cli". Exit codes: 0 stored,
 * 1 refused (every problem printed as a table), 2 usage or file error.
 */
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { defaultIdMaker } from '../app.js';
import { loadConfig } from '../config.js';
import { closeDatabase } from '../db/client.js';
import { ReadCache } from '../db/read-cache.js';
import { systemClock } from '../domain/dates.js';
import type { Deps, RequestCtx } from '../http/context.js';
import { DomainError, type RowError } from '../domain/errors.js';
import { commitImport, readImportFile, type ImportKind, type ImportProgress } from '../modules/imports/imports.service.js';
import { seedDatabase } from '../seed.js';
import { CliUsageError, openExistingDatabase, parseArgs } from './cli-db.js';

/** The audit actor of command-line imports: no API key is involved. */
export const CLI_ACTOR = { keyId: 'cli', role: 'admin', name: 'command line import' } as const;

/** Files above this size (about a few thousand rows) get a progress bar. */
const PROGRESS_MIN_BYTES = 256 * 1024;

export function errorTable(errors: RowError[]): string {
  const head = ['row', 'column', 'message'];
  const rows = errors.map((e) => [String(e.row), e.column ?? '—', e.message]);
  const w0 = Math.max(head[0]!.length, ...rows.map((r) => r[0]!.length));
  const w1 = Math.max(head[1]!.length, ...rows.map((r) => r[1]!.length));
  const line = (r: string[]) => `${r[0]!.padStart(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]}`;
  return [line(head), `${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(7)}`, ...rows.map(line)].join('\n');
}

function progressBar(file: string) {
  const size = fs.statSync(file).size;
  if (size < PROGRESS_MIN_BYTES || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {percentage}% {value}/{total} {unit}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0, { phase: 'reading ', unit: 'bytes' });
  let phase: ImportProgress['phase'] = 'reading';
  return {
    update(p: ImportProgress) {
      if (p.phase === 'reading') return bar.update(p.bytes);
      if (phase !== p.phase) {
        phase = p.phase;
        bar.setTotal(p.total);
        bar.update(0, { phase: p.phase.padEnd(8), unit: 'rows' });
      }
      bar.update(p.rows);
    },
    stop: () => bar.stop(),
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [kind, file] = positional;
  const create = flags.get('create-db') === true;
  if ((kind !== 'units' && kind !== 'events') || !file || positional.length > 2 || [...flags.keys()].some((f) => f !== 'create-db')) {
    process.stderr.write('usage: npm run import -- units|events FILE.csv [--create-db]\n');
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`no such file: ${file}\n`);
    return 2;
  }
  const config = loadConfig(env);
  let db;
  try {
    db = openExistingDatabase(config.databasePath, { create, flag: '--create-db' });
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const deps: Deps = { db, config, clock: systemClock, newId: defaultIdMaker, cache: new ReadCache(db) };
  seedDatabase(deps, { adminKey: false });
  const ctx: RequestCtx = { actor: CLI_ACTOR, requestId: defaultIdMaker('cli') };
  const bar = progressBar(file);
  try {
    const read = await readImportFile(kind as ImportKind, fs.createReadStream(file), {
      onProgress: (p) => bar.update(p),
      expectedBytes: fs.statSync(file).size,
    });
    const summary = commitImport(deps, ctx, read, (p) => bar.update(p));
    bar.stop();
    process.stdout.write(`Imported ${summary.created} ${kind} from ${summary.rows} rows of ${file} into ${config.databasePath} (audit: ${summary.importId}).\n`);
    return 0;
  } catch (err) {
    bar.stop();
    if (!(err instanceof DomainError)) throw err;
    const rows = (err.errors ?? []) as RowError[];
    process.stderr.write(
      rows.length ? `Nothing was stored: ${file} has ${rows.length} problem(s).\n${errorTable(rows)}\n` : `Nothing was stored: ${err.message}\n`,
    );
    return 1;
  } finally {
    closeDatabase(db);
  }
}

// Run only when executed, not when imported by a test.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`import failed: ${String(err?.stack ?? err)}\n`);
      process.exit(2);
    },
  );
}
