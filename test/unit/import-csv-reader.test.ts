import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS, parseSlice, spoolCsv } from '../../src/modules/imports/csv-reader.js';

const LIMITS = { maxBytes: 1_000_000, maxRows: 1000 };
/** A source that delivers the text in small chunks, as a network upload does. */
const chunked = (text: string | Buffer, size = 7) => {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
};

describe('spoolCsv', () => {
  it('when records span lines and blank rows sit between them, then each slice re-parses to the same records with spreadsheet row numbers', async () => {
    const lines = ['\uFEFFa,b'];
    for (let i = 0; i < 250; i++) lines.push(i % 50 === 7 ? '' : i % 3 === 0 ? `${i},"multi\r\nline ${i}"` : `${i},é${i}`);
    const text = `${lines.join('\r\n')}\r\n`;
    let header: string[] = [];
    const s = await spoolCsv(chunked(text), LIMITS, (cells) => ((header = cells), true));
    expect(header).toEqual(['a', 'b']);
    expect(s.records).toBe(251);
    expect(s.dataRows).toBe(245);
    expect(s.slices.map((x) => x.firstRow)).toEqual([2, 102, 202]);
    const rows: [number, string[]][] = [];
    for (const slice of s.slices) {
      (parse(s.body.subarray(slice.start, slice.end), CSV_OPTIONS) as string[][]).forEach((r, i) => rows.push([slice.firstRow + i, r]));
    }
    expect(rows).toHaveLength(250);
    expect(rows[3]).toEqual([5, ['3', 'multi\r\nline 3']]);
    expect(rows[7]).toEqual([9, ['']]);
    expect(rows[248]).toEqual([250, ['248', 'é248']]);
    expect(rows[249]).toEqual([251, ['249', 'multi\r\nline 249']]);
    expect(s.bytes).toBe(Buffer.byteLength(text));
  });

  it('when the header is refused, then reading stops there', async () => {
    const s = await spoolCsv(chunked('x\n1\n2\n'), LIMITS, () => false);
    expect(s.records).toBe(1);
    expect(s.slices).toEqual([]);
  });

  it('when a streamed body passes the byte limit, then it throws request.too_large', async () => {
    await expect(spoolCsv(chunked('a\n'.repeat(600), 64), { maxBytes: 1000, maxRows: 1000 }, () => true)).rejects.toMatchObject({
      code: 'request.too_large',
    });
  });

  it('when there is one row more than the limit, then it throws import.too_many_rows, and at the limit it does not', async () => {
    const limits = { maxBytes: 1_000_000, maxRows: 10 };
    await expect(spoolCsv(chunked(`h\n${'r\n'.repeat(11)}`), limits, () => true)).rejects.toMatchObject({ code: 'import.too_many_rows' });
    const ok = await spoolCsv(chunked(`h\n${'r\n'.repeat(10)}`), limits, () => true);
    expect(ok.dataRows).toBe(10);
  });

  it('when a multi-byte character is split across chunks, then the file is still UTF-8 text', async () => {
    const s = await spoolCsv(chunked('h\n€€€\n', 1), LIMITS, () => true);
    expect(s.readError).toBeNull();
    expect(s.dataRows).toBe(1);
  });
});

describe('spoolCsv with an announced size', () => {
  it.each([
    ['exact', 0],
    ['too small', -5],
    ['too large', 9],
  ])('when the announced size is %s, then the kept body is exactly the bytes that came', async (_what, delta) => {
    const text = 'h\nr1\nr2\n'.repeat(20);
    const s = await spoolCsv(chunked(text, 5), LIMITS, () => true, undefined, Buffer.byteLength(text) + delta);
    expect(s.body.toString()).toBe(text);
  });
});

describe('parseSlice', () => {
  it('when given any mix of commas, line ends, stray carriage returns, blanks, quotes and non-ASCII, then it reads the records csv-parse reads', () => {
    const pieces = ['a', 'b', ',', '\n', '\r', ' ', 'é', 'x\r\n', ',\n', '\n\n', '\r\r\n', '"', '""'];
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let i = Math.floor(next() * 12); i > 0; i--) s += pieces[Math.floor(next() * pieces.length)];
      if (next() < 0.6) s = s.replaceAll('"', '');
      const buf = Buffer.from(`h\n${s}`);
      const read = (f: () => unknown) => {
        try {
          return f();
        } catch {
          return 'error';
        }
      };
      const expected = read(() => parse(buf.subarray(2), CSV_OPTIONS));
      expect(read(() => parseSlice(buf, 2, buf.length)), JSON.stringify(s)).toEqual(expected);
    }
  });
});
