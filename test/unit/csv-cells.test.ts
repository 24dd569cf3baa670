import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula } from '../../src/domain/csv-cells.js';

describe('CSV cells a spreadsheet would run as a formula', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\uFF1D1+2', "'\uFF1D1+2"], // a full-width =, which some spreadsheets fold into =
    ["'=1+2", "''=1+2"], // already starts with the escape: escaped again, so it reads back as it was
    ["'quoted", "'quoted"],
    ['plain', 'plain'],
    ['', ''],
    ['a=b', 'a=b'],
    ['CT-7731', 'CT-7731'],
  ])('when the text is %j, then the cell is %j', (text, cell) => {
    expect(neutraliseFormula(text)).toBe(cell);
    expect(restoreFormula(cell)).toBe(text);
  });

  it('when any text is neutralised and restored, then it comes back unchanged', () => {
    const alphabet = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', '1', '\uFF20');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join('')), (s) => {
        expect(restoreFormula(neutraliseFormula(s))).toBe(s);
        expect(neutraliseFormula(s)).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
      }),
      { numRuns: 2000 },
    );
  });
});
