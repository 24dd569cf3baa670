/**
 * Writes the generated tables of docs/outflows.md from the outflow list
 * (src/domain/outflows.ts): `npm run docs:outflows`. test/unit/outflows-doc.test.ts
 * checks that the committed page holds exactly what this renders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { codeRanges, defaultTreatmentWords, DOWNSTREAM, gramsColumn, kgField, OUTFLOWS, type DownstreamEntry } from '../src/domain/outflows.js';

export const DOC_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '../docs/outflows.md');
export const BEGIN = '<!-- generated from src/domain/outflows.ts by `npm run docs:outflows`: do not edit by hand -->';
export const END = '<!-- end of generated tables -->';

const code = (s: string) => `\`${s}\``;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const fieldsOf = (o: DownstreamEntry) =>
  Object.entries(o.downstream.fields as Record<string, z.ZodType>)
    .map(([k, t]) => (t.safeParse(undefined).success ? `${code(k)}?` : code(k)))
    .join(', ');

/** The generated part of docs/outflows.md. */
export function renderOutflowTables(): string {
  const kinds = table(
    ['type', 'since', 'KPI field', 'column', 'KPI class', 'ESRS E5-5', 'GRI 306', 'WEEE', 'site'],
    OUTFLOWS.map((o) => [
      code(o.type),
      `v${o.since}`,
      code(kgField(o)),
      code(gramsColumn(o)),
      o.kpi,
      o.esrs,
      'byCode' in o.gri && o.gri.byCode
        ? `${o.gri.class} (${Object.entries(o.gri.byCode)
            .map(([c, g]) => `${c}: ${g}`)
            .join(', ')})`
        : o.gri.class,
      o.weee,
      o.site,
    ]),
  );
  const downstream = table(
    ['type', 'vendor kind', 'certificate on the day', 'treatment codes', 'default treatment', 'its own fields'],
    DOWNSTREAM.map((o) => [
      code(o.type),
      code(o.downstream.vendorKind),
      o.downstream.certificationRequired ? 'required' : 'not required',
      codeRanges(o.downstream.treatment.allowed),
      defaultTreatmentWords(o),
      fieldsOf(o),
    ]),
  );
  return [BEGIN, '', '### Every outflow', '', kinds, '', '### Outflows handed downstream', '', downstream, '', END].join('\n');
}

/** docs/outflows.md with its generated part replaced by `tables`. */
export function withTables(doc: string, tables: string): string {
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC_PATH} has no generated part (${BEGIN} … ${END})`);
  return doc.slice(0, from) + tables + doc.slice(to + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = fs.readFileSync(DOC_PATH, 'utf8');
  const after = withTables(before, renderOutflowTables());
  fs.writeFileSync(DOC_PATH, after);
  console.log(before === after ? 'docs/outflows.md is up to date.' : 'docs/outflows.md: tables rewritten from src/domain/outflows.ts.');
}
