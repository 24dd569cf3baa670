/**
 * Text integrity: what may be stored in a text field. Every text is stored NFC
 * normalised and trimmed (see the schemas in common.schemas.ts, the only place text
 * fields are made). Two character rules:
 *
 * - visible (`identifier`): identifiers (serial and part numbers, models, codes), and
 *   names and references (vendor, customer, site and key names, certificate and
 *   contract references) must be plain visible text, since people match them by eye
 *   and the ledger by value: no control characters and no invisible format characters
 *   (zero-width space, joiners, bidi controls, the BOM), or `S1` + U+200B would pass
 *   for a new serial beside `S1`, and a vendor name with U+202E would print backwards.
 * - free text (notes, reasons, descriptions) may hold tabs and line breaks (LF, CR: a
 *   note is typed in a text area), and no other control character (C0, DEL, C1).
 *   Format characters stay allowed: joiners make emoji and some scripts, bidi marks
 *   some Arabic and Hebrew text.
 *
 * No text may hold a lone surrogate: it is not a character, and UTF-8 (the database,
 * CSV files) cannot carry it.
 */

const LONE_SURROGATE = /\p{Cs}/u;
/** C0 and C1 controls, DEL, and format characters (zero-width, joiners, bidi controls, BOM, soft hyphen). */
const NOT_IN_IDENTIFIERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** C0 controls but tab, LF and CR; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const NOT_IN_FREE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
  0x7f: 'DEL',
  0xad: 'soft hyphen',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x2060: 'word joiner',
  0xfeff: 'zero width no-break space (BOM)',
};

/** "U+200B (zero width space)". */
export function describeCodePoint(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[cp];
  return name ? `${hex} (${name})` : hex;
}

function found(s: string, re: RegExp): string {
  const m = re.exec(s)!;
  const position = [...s.slice(0, m.index)].length + 1;
  return `${describeCodePoint(m[0].codePointAt(0)!)} at character ${position}`;
}

/** The character rule: `identifier` (visible characters only; names and references too) or `free` text. */
export type TextKind = 'identifier' | 'free';

/**
 * Printable ASCII (space to tilde): nothing either rule refuses and nothing NFC changes.
 * Most identifiers, codes and dates are; a loop over char codes answers without a regex.
 */
export function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Why a text may not be stored, or null. Pure; the schemas call it on every text field. */
export function textProblem(s: string, kind: TextKind): string | null {
  if (isPrintableAscii(s)) return null;
  if (LONE_SURROGATE.test(s)) {
    return `contains a lone surrogate (${found(s, LONE_SURROGATE)}), which is not a character; send valid UTF-8 text`;
  }
  if (kind === 'identifier' && NOT_IN_IDENTIFIERS.test(s)) {
    return `must hold visible characters only, no control or invisible ones (found ${found(s, NOT_IN_IDENTIFIERS)})`;
  }
  if (kind === 'free' && NOT_IN_FREE_TEXT.test(s)) {
    return `must not hold control characters other than tab and line breaks (found ${found(s, NOT_IN_FREE_TEXT)})`;
  }
  return null;
}

/** How a text is stored: NFC, trimmed. Lookups by such a text normalise the same way. */
export const normaliseText = (s: string): string => s.normalize('NFC').trim();

/**
 * How serial numbers are matched (the duplicate check, ?serialNumber=, q=, an import
 * naming a unit by serial): NFC, trimmed and case-folded, so `CT-7731`, ` ct-7731 `
 * and a decomposed `É` all meet. Upper-then-lower folds more than lower alone
 * (`ß` and `SS`); NFC again because case mapping can decompose.
 */
export const serialKey = (s: string): string => normaliseText(s).toUpperCase().toLowerCase().normalize('NFC');
