/**
 * npm run admin-key -- --name "Recovered admin" [--force]
 *
 * Recovery for a database with no usable admin key (the last one lost, or a database
 * whose every admin was revoked): mints an admin key directly in the local database
 * (DATABASE_PATH, which must exist) and prints its secret once. Anyone who can run this
 * can already write the database file, so it asks for no key; it refuses while an
 * active admin key exists unless `--force`, so it is not used by mistake. The audit log
 * records `key.recover` with the actor "cli". Exit codes: 0 minted, 1 refused, 2 usage.
 */
import { defaultIdMaker } from '../app.js';
import { loadConfig } from '../config.js';
import { closeDatabase } from '../db/client.js';
import { ReadCache } from '../db/read-cache.js';
import { systemClock } from '../domain/dates.js';
import type { Deps, RequestCtx } from '../http/context.js';
import { mintAdminKey } from '../modules/keys/keys.service.js';
import { seedDatabase } from '../seed.js';
import { CliUsageError, openExistingDatabase, parseArgs } from './cli-db.js';

const USAGE = 'usage: npm run admin-key -- --name NAME [--force]\n';
const CLI_ACTOR = { keyId: 'cli', role: 'admin', name: 'command line' } as const;

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const { positional, flags } = parseArgs(argv);
  const name = flags.get('name');
  const unknown = [...flags.keys()].filter((f) => f !== 'name' && f !== 'force');
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100 || positional.length > 0 || unknown.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  let db;
  try {
    db = openExistingDatabase(config.databasePath);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  try {
    const deps: Deps = { db, config, clock: systemClock, newId: defaultIdMaker, cache: new ReadCache(db) };
    seedDatabase(deps, { adminKey: false });
    const ctx: RequestCtx = { actor: CLI_ACTOR, requestId: defaultIdMaker('cli') };
    const r = mintAdminKey(deps, ctx, { name: name.trim(), force: flags.get('force') === true });
    if (!r.created) {
      process.stderr.write(
        `${config.databasePath} has ${r.activeAdmins} active admin key(s); nothing was created. ` +
          'Ask an admin for a key (POST /api/v1/keys), or pass --force to mint one anyway.\n',
      );
      return 1;
    }
    process.stdout.write(
      `Admin key ${r.id} ("${r.name}") created in ${config.databasePath}. Its secret is shown this once:\n\n    ${r.key}\n\n` +
        'A running service accepts it on the next request.\n',
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}

// Run only when executed, not when imported by a test.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.exit(main(process.argv.slice(2)));
}
