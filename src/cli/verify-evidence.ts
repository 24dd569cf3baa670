/**
 * npm run verify-evidence -- FILE
 *
 * Re-performs a published period's figures from its evidence bundle (GET
 * /api/v1/periods/:year/evidence) without the service: checks every line, every
 * entry's hash, and recomputes the figures. Exit code 0 only when everything matches;
 * otherwise 1, naming the first line that does not (2: usage, or the file cannot be read).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { verifyEvidenceLines } from '../verifier/verify-evidence.js';

const USAGE = 'Usage: npm run verify-evidence -- FILE   (an evidence bundle, NDJSON)\n';

export async function main(argv: string[]): Promise<number> {
  const [file] = argv;
  if (!file || argv.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`No such file: ${file}\n`);
    return 2;
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const verdict = await verifyEvidenceLines(lines);
  for (const s of verdict.summary) process.stdout.write(`  ${s}\n`);
  if (verdict.ok) {
    process.stdout.write(`VERIFIED: ${file} reproduces its published figures, and every entry matches its hash.\n`);
    return 0;
  }
  process.stdout.write(`NOT VERIFIED: ${verdict.failure!.message}\n`);
  const differing = verdict.figures.filter((f) => f.published !== f.recomputed);
  for (const f of differing) process.stdout.write(`  ${f.field}: published ${String(f.published)}, recomputed ${String(f.recomputed)}\n`);
  return 1;
}

// Run only when executed, not when imported by a test.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
