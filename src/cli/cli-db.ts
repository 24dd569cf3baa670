import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Db } from '../db/client.js';

/** A refusal the command prints as one line (exit code 2: usage or file error). */
export class CliUsageError extends Error {}

/**
 * The commands work on an existing database: a mistyped DATABASE_PATH must not
 * silently create an empty one (and import into it, or mint a key for it).
 * `create: true` (the import's `--create-db`) opens a new one on purpose.
 */
export function openExistingDatabase(file: string, opts: { create?: boolean; flag?: string } = {}): Db {
  if (file !== ':memory:' && !opts.create && !fs.existsSync(file)) {
    const hint = opts.flag ? `, or pass ${opts.flag} to create it` : '';
    throw new CliUsageError(`no database at ${path.resolve(file)}: check DATABASE_PATH${hint}.`);
  }
  return openDatabase(file);
}

/** `--name value` or `--name=value`; flags without a value are booleans. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
    else flags.set(a.slice(2), true);
  }
  return { positional, flags };
}
