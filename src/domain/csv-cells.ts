/**
 * CSV formula injection: a spreadsheet runs a cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return (and, in some, their full-width forms) as a
 * formula. Exports prefix such text cells with `'`, which spreadsheets show as text;
 * imports take the prefix off again. A text that already begins with quotes before
 * such a character gets one more, so the pair is lossless for every text:
 * restoreFormula(neutraliseFormula(s)) === s.
 *
 * Only text cells are touched. A number is written as a number: a spreadsheet reads
 * `-5` as minus five, not as a formula, and a prefix would turn it into text (the
 * imports read numeric columns as plain decimals, so they never carry one).
 */
const RUNS_AS_FORMULA = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const ESCAPED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export const neutraliseFormula = (text: string): string => (RUNS_AS_FORMULA.test(text) ? `'${text}` : text);

export const restoreFormula = (cell: string): string => (ESCAPED.test(cell) ? cell.slice(1) : cell);
