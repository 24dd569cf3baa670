import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EventBody } from '../../src/modules/units/units.schemas.js';
import { EVENT_FIELDS, EVENT_READ_ONLY, UNIT_FIELDS, UNIT_READ_ONLY } from '../../src/modules/imports/csv-formats.js';
import { MEDIA_KINDS, SANITIZATION_METHODS } from '../../src/domain/sanitization.js';

/** docs/csv.md is what people import by: its tables must say what the schemas accept. */
const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/csv.md'), 'utf8');
const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
const names = (cell: string) => [...cell.matchAll(/`([a-zA-Z_]+)`/g)].map((m) => m[1]!);

describe('docs/csv.md', () => {
  it('when the events table is read, then each type needs and may have exactly what its schema says', () => {
    const rows = doc.slice(doc.indexOf('## Events')).split('\n').filter((l) => /^\| `[a-z_]+` \|/.test(l) && l.split('|').length === 5);
    const documented = Object.fromEntries(rows.map((l) => { const [type, needs, may] = cells(l); return [names(type!)[0]!, { needs: names(needs!), may: names(may!) }]; }));
    const fromSchema = Object.fromEntries(
      (EventBody as unknown as { options: z.ZodObject[] }).options.map((o) => {
        const shape = o.shape as Record<string, z.ZodType>;
        const fields = Object.keys(shape).filter((k) => k !== 'type' && k !== 'occurredAt');
        const optional = (k: string) => shape[k]!.safeParse(undefined).success;
        return [(shape.type as z.ZodLiteral).value as string, { needs: fields.filter((k) => !optional(k)), may: fields.filter(optional) }];
      }),
    );
    expect(documented).toEqual(fromSchema);
  });

  it('when the units table is read, then it lists every column of the units format', () => {
    const rows = doc.slice(doc.indexOf('## Units'), doc.indexOf('## Events')).split('\n').filter((l) => /^\| `[a-zA-Z]+` \|/.test(l));
    expect(rows.map((l) => names(cells(l)[0]!)[0])).toEqual([...UNIT_FIELDS]);
  });

  it('when the units export is described, then its read-only columns are exactly those the importer ignores', () => {
    const units = doc.slice(doc.indexOf('## Units'), doc.indexOf('## Events'));
    const listed = units.slice(units.indexOf('read-only columns')).match(/`(id, [^`]+)`/)?.[1];
    expect(listed?.split(/,\s*/)).toEqual([...UNIT_READ_ONLY]);
  });

  it('when the events section is read, then it names every column of the events format', () => {
    const events = doc.slice(doc.indexOf('## Events'), doc.indexOf('## Cells'));
    const named = new Set([...events.matchAll(/`([a-zA-Z_]+)`/g)].map((m) => m[1]!));
    expect([...EVENT_FIELDS, ...EVENT_READ_ONLY].filter((c) => !named.has(c))).toEqual([]);
  });

  it('when the media cell is described, then it names every media kind and sanitization method', () => {
    const media = doc.slice(doc.indexOf('**`media`**'), doc.indexOf('Rows apply in file order'));
    const values = doc.slice(doc.indexOf('Values: '), doc.indexOf('**`media`**'));
    for (const kind of MEDIA_KINDS) expect(media).toContain(`\`${kind}\``);
    for (const method of SANITIZATION_METHODS) expect(values).toContain(`\`${method}\``);
  });
});

describe('the repository stands alone', () => {
  it('when README.md and docs/ are read, then none links outside the repository', () => {
    const root = path.join(import.meta.dirname, '../..');
    const files = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const outside = files.filter((f) => /\.\.\/shared|\]\(\.\.\/(?!\.)/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(outside).toEqual([]);
  });
});
