import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, DOC_PATH, END, renderOutflowTables, withTables } from '../../scripts/outflows-doc.js';
import { DOWNSTREAM, OUTFLOWS } from '../../src/domain/outflows.js';

const doc = fs.readFileSync(DOC_PATH, 'utf8');

describe('docs/outflows.md', () => {
  it('when its generated tables are compared with the outflow list, then they are exactly what the list renders', () => {
    const generated = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length);
    expect(generated).toBe(renderOutflowTables());
  });

  it('when the tables are read, then every outflow has a row in the first and every downstream one a row in the second', () => {
    const rows = (heading: string) =>
      doc
        .slice(doc.indexOf(heading))
        .split('\n')
        .filter((l) => /^\| `[a-z_]+` \|/.test(l))
        .map((l) => /^\| `([a-z_]+)`/.exec(l)![1]);
    const first = rows('### Every outflow');
    expect(first.slice(0, OUTFLOWS.length)).toEqual(OUTFLOWS.map((o) => o.type));
    expect(rows('### Outflows handed downstream')).toEqual(DOWNSTREAM.map((o) => o.type));
  });

  it('when the tables are regenerated into a page without markers, then it refuses rather than write them anywhere', () => {
    expect(() => withTables('# no markers here', renderOutflowTables())).toThrow(/no generated part/);
    expect(withTables(`a\n${BEGIN}\nold\n${END}\nb`, 'NEW')).toBe('a\nNEW\nb');
  });
});
