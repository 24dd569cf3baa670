import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { code, freeText, identifier, name, reference, textRuleOf } from '../../src/domain/common.schemas.js';
import { normaliseText, textProblem } from '../../src/domain/text.js';

describe('textProblem', () => {
  it.each([
    ['S1', 'identifier', null],
    ['CT-7731/a', 'identifier', null],
    ['Größe ÅÉ 東芝', 'identifier', null],
    ['S1\u0000', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+0000 (NUL) at character 3)'],
    ['S1\u200b', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+200B (zero width space) at character 3)'],
    ['\u200dS1', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+200D (zero width joiner) at character 1)'],
    ['S\u20601', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+2060 (word joiner) at character 2)'],
    ['\ufeffS1', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+FEFF (zero width no-break space (BOM)) at character 1)'],
    ['S\u202e1', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+202E (right-to-left override) at character 2)'],
    ['Acme\u2066Corp', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+2066 (left-to-right isolate) at character 5)'],
    ['S\t1', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+0009 (tab) at character 2)'],
    ['S\u007f1', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+007F (DEL) at character 2)'],
    ['S\u00851', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+0085 at character 2)'],
    ['😀\u200b', 'identifier', 'must hold visible characters only, no control or invisible ones (found U+200B (zero width space) at character 2)'],
    ['S\ud8001', 'identifier', 'contains a lone surrogate (U+D800 at character 2), which is not a character; send valid UTF-8 text'],
    ['S\udfff', 'free', 'contains a lone surrogate (U+DFFF at character 2), which is not a character; send valid UTF-8 text'],
    ['line one\nline two\ttabbed\r\n', 'free', null],
    ['family 👨\u200d👩\u200d👧', 'free', null],
    ['bell\u0007', 'free', 'must not hold control characters other than tab and line breaks (found U+0007 at character 5)'],
    ['nul\u0000', 'free', 'must not hold control characters other than tab and line breaks (found U+0000 (NUL) at character 4)'],
    ['del\u007f', 'free', 'must not hold control characters other than tab and line breaks (found U+007F (DEL) at character 4)'],
    ['next line\u0085', 'free', 'must not hold control characters other than tab and line breaks (found U+0085 at character 10)'],
    ['csi\u009b', 'free', 'must not hold control characters other than tab and line breaks (found U+009B at character 4)'],
    ['عربي \u200f(مثال)', 'free', null],
  ] as const)('when the text is %j as %s, then the problem is %j', (s, kind, problem) => {
    expect(textProblem(s, kind)).toBe(problem);
  });

  it('when a text is normalised, then it is NFC and trimmed', () => {
    expect(normaliseText('  Cafe\u0301 ')).toBe('Café');
    expect(normaliseText('Café')).toBe(normaliseText('Cafe\u0301'));
  });
});

describe('identifier and freeText schemas', () => {
  it('when an identifier is decomposed and padded, then it is stored composed and trimmed', () => {
    expect(identifier(64).parse('  Ve\u0301lo-1 ')).toBe('Vélo-1');
  });

  it('when an identifier is only spaces, then it is refused as empty', () => {
    expect(identifier(64).safeParse('   ').success).toBe(false);
  });

  it('when an identifier is longer than its maximum once normalised, then it is refused', () => {
    expect(identifier(3).safeParse('e\u0301e\u0301e\u0301').success).toBe(true); // three characters once composed
    expect(identifier(3).safeParse('abcd').success).toBe(false);
  });

  it('when free text has a tab and a line break, then it is kept; a NUL is refused', () => {
    expect(freeText(100).parse('a\tb\nc')).toBe('a\tb\nc');
    expect(freeText(100).safeParse('a\u0000').success).toBe(false);
  });
});

describe('trimming before the check', () => {
  it('when an identifier arrives with the line break a spreadsheet copy adds, then it is trimmed and kept', () => {
    expect(identifier(64).parse('CT-7731\r\n')).toBe('CT-7731');
  });
});

describe('names and references', () => {
  it.each([
    ['a vendor name with a right-to-left override', () => name(200), 'Hungaro\u202eMetal'],
    ['a key name with a zero-width space', () => name(100), 'floor\u200b tablet'],
    ['a name with a tab', () => name(100), 'K.\tNagy'],
    ['a certificate reference with a zero-width space', () => reference(200), 'COR-2024\u200b-0311'],
    ['a reference with a BOM inside (one in front is trimmed, as JavaScript trims it)', () => reference(200), 'DS-HU\ufeff-2024-0117'],
  ])('when %s is given, then it is refused, naming the character', (_what, schema, value) => {
    const r = schema().safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^must hold visible characters only, no control or invisible ones \(found U\+/);
  });

  it('when a name has spaces, accents and another script, then it is kept, NFC and trimmed', () => {
    expect(name(200).parse('  Hungaro-Metal Zrt. Ve\u0301gh 東芝 ')).toBe('Hungaro-Metal Zrt. Végh 東芝');
    expect(reference(100).parse('NIST SP 800-88r1')).toBe('NIST SP 800-88r1');
  });
});

describe('textRuleOf', () => {
  it('when a schema is made by a helper and then bounded, described or made optional inside, then its rule is still found', () => {
    expect(textRuleOf(identifier(10).max(5).describe('x'))).toBe('identifier');
    expect(textRuleOf(name(10).meta({ example: 'n' }))).toBe('name');
    expect(textRuleOf(reference(10))).toBe('reference');
    expect(textRuleOf(freeText(10, { min: 1 }))).toBe('free');
    expect(textRuleOf(code().regex(/^[A-Z]{2}$/))).toBe('code');
  });

  it('when a string is made plainly, then it has no rule', () => {
    expect(textRuleOf(z.string().trim().min(1).max(10))).toBeNull();
    expect(textRuleOf(z.string().refine((s) => !/\p{Cf}/u.test(s)))).toBeNull();
  });
});
