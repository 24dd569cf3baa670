/**
 * Reads a CSV body as a stream: counts and hashes the raw bytes (for the size limit
 * and Idempotency-Key), checks they are UTF-8 text and valid CSV, reads the header,
 * counts rows (header = row 1, as a spreadsheet shows) and keeps the raw bytes with
 * record boundaries for the rule pass.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { DomainError } from '../../domain/errors.js';
import type { ImportRowError } from './import-errors.js';

export type CsvLimits = { maxBytes: number; maxRows: number };

export const DEFAULT_LIMITS: CsvLimits = { maxBytes: 50 * 1000 * 1000, maxRows: 100_000 };

export type ReadResult = {
  sha256: string;
  bytes: number;
  /** Records read, header included. */
  records: number;
  /** Set when the file could not be read to its end (not UTF-8, broken quoting). */
  readError: ImportRowError | null;
};

export const tooLarge = (limits: CsvLimits) =>
  new DomainError('request.too_large', `The CSV body is larger than ${limits.maxBytes / 1e6} MB; split it into several files (each is all or nothing).`);

class NotText extends Error {
  constructor(readonly line: number, readonly offset: number, why: string) {
    super(why);
  }
}

/** Counts, hashes and checks the bytes on their way to the parser; passes them on unchanged. */
function byteGuard(limits: CsvLimits, onBytes: (n: number, chunk: Buffer) => void) {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      const at = bytes;
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return cb(tooLarge(limits));
      hash.update(chunk);
      onBytes(bytes, chunk);
      const bad = (where: number, why: string) => new NotText(lines + countLines(chunk, where), at + where, why);
      let invalid = -1;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        invalid = firstInvalidUtf8(chunk);
      }
      const nul = chunk.indexOf(0);
      // Whichever comes first is what the message points at.
      if (nul !== -1 && (invalid === -1 || nul < invalid)) return cb(bad(nul, 'it contains a NUL byte, so it is not a text file'));
      if (invalid !== -1) return cb(bad(invalid, 'it is not UTF-8 text'));
      lines += countLines(chunk, chunk.length);
      // The next chunk waits for the next turn of the event loop. A socket hands Node up to
      // 32 reads (2 MB) in one go, and the parser behind takes each at once: without this
      // pause a fast upload was parsed in bursts of a second or more, with every other
      // request waiting behind them. Holding the callback fills this stream's buffer, so
      // the upload pauses after one chunk and the loop serves what else is waiting.
      this.push(chunk);
      setImmediate(cb);
    },
    flush(cb: TransformCallback) {
      try {
        decoder.decode();
        cb();
      } catch {
        cb(new NotText(lines, bytes, 'it ends in the middle of a UTF-8 character'));
      }
    },
  });
  return { guard, digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}

function countLines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Where a chunk stops being UTF-8 (close enough for a message: a split character at a chunk edge counts as valid). */
function firstInvalidUtf8(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  const dec = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (dec(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** One parse configuration for both passes, so they cannot disagree about a record. */
export const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n'] };

/** A run of whole records in the body: [start, end) bytes, the first one's row number. */
export type Slice = { start: number; end: number; firstRow: number };

/** Records per slice: small enough to keep each re-parse's garbage short-lived. */
const SLICE_RECORDS = 100;

export type Spooled = ReadResult & {
  /** The raw body (bytes are far more compact than parsed rows). */
  body: Buffer;
  /** The data records (after the header) in slices that re-parse on their own. */
  slices: Slice[];
  /** Data records with at least one non-empty cell. */
  dataRows: number;
};

/** The raw body: one buffer when its size is known (no second copy at the end), else chunks joined once. */
class Spool {
  private readonly chunks: Buffer[] = [];
  private readonly whole: Buffer | null;
  private at = 0;

  constructor(size?: number) {
    this.whole = size !== undefined ? Buffer.allocUnsafe(size) : null;
  }

  add(chunk: Buffer): void {
    if (this.whole && this.at + chunk.length <= this.whole.length) chunk.copy(this.whole, this.at);
    else this.chunks.push(chunk);
    this.at += chunk.length;
  }

  done(): Buffer {
    if (!this.whole) return Buffer.concat(this.chunks);
    if (this.chunks.length === 0) return this.whole.subarray(0, this.at);
    // More bytes than announced (cannot happen over HTTP, where Node enforces Content-Length).
    return Buffer.concat([this.whole.subarray(0, this.at - this.chunks.reduce((n, c) => n + c.length, 0)), ...this.chunks]);
  }
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * The streaming pass: pipes `source` through csv-parse to check the syntax, the
 * limits and the header (`onHeader` returns false to stop reading), counts rows, and
 * keeps the raw bytes with the offsets of record boundaries, so the rule pass can
 * re-parse them slice by slice inside its synchronous transaction. Whatever stops
 * reading early leaves the rest of the source unread, not destroyed, so the caller
 * can still answer. Size and row limits throw 413s.
 */
export async function spoolCsv(
  source: Readable,
  limits: CsvLimits,
  onHeader: (cells: string[]) => boolean,
  onBytes: (bytes: number) => void = () => {},
  /** The announced size (Content-Length, file size): the bytes go straight into one buffer of that size. */
  expectedBytes?: number,
): Promise<Spooled> {
  const spool = new Spool(expectedBytes !== undefined && expectedBytes <= limits.maxBytes ? expectedBytes : undefined);
  const { guard, digest } = byteGuard(limits, (n, chunk) => {
    spool.add(chunk);
    onBytes(n);
  });
  const parser = parse({ ...CSV_OPTIONS, bom: true });
  // Each record leaves the parser paired with the byte offset just past it. The
  // parser's own `info: true` builds a nine-field object per record (it showed in the
  // profile); its live counter holds the same number while the record is pushed.
  const live = parser.info;
  const push = parser.push.bind(parser);
  parser.push = (record: unknown) => push(record === null ? null : [record, live.bytes]);
  const fail = (err: Error) => parser.destroy(err);
  guard.on('error', fail);
  source.on('error', fail);
  const onClose = () => {
    if (!source.readableEnded) fail(new DomainError('validation.failed', 'The upload was interrupted before the file ended.'));
  };
  source.on('close', onClose);
  source.pipe(guard).pipe(parser);
  let row = 0;
  let dataRows = 0;
  let sliceStart = 0;
  let sliceFirstRow = 2;
  let end = 0;
  const slices: Slice[] = [];
  let readError: ImportRowError | null = null;
  try {
    for await (const [record, bytes] of parser as AsyncIterable<[string[], number]>) {
      row += 1;
      end = bytes;
      if (row === 1) {
        if (!onHeader(record)) break;
        sliceStart = end;
        continue;
      }
      if (row > limits.maxRows + 1) {
        throw new DomainError('import.too_many_rows', `The file has more than ${limits.maxRows.toLocaleString('en-US')} rows; split it into several files (each is all or nothing).`);
      }
      if (!isBlank(record)) dataRows += 1;
      if (row - sliceFirstRow + 1 === SLICE_RECORDS) {
        slices.push({ start: sliceStart, end, firstRow: sliceFirstRow });
        sliceStart = end;
        sliceFirstRow = row + 1;
      }
    }
    if (row >= sliceFirstRow) slices.push({ start: sliceStart, end, firstRow: sliceFirstRow });
  } catch (err) {
    if (err instanceof NotText) {
      readError = { row: err.line, column: null, code: 'import.invalid', message: `The file cannot be read: ${err.message} (line ${err.line}, byte ${err.offset}). Save it as "CSV UTF-8".` };
    } else if (err instanceof CsvError) {
      readError = { row: row + 1, column: null, code: 'import.invalid', message: `The file is not valid CSV from here on: ${err.message}` };
    } else throw err;
  } finally {
    source.off('close', onClose);
    source.off('error', fail);
    // The rest of an abandoned body may still fail (client reset); that must not crash the process.
    source.on('error', () => {});
    source.unpipe(guard);
    guard.destroy();
  }
  const body = spool.done();
  return { ...digest(), records: row, readError, body, slices, dataRows };
}

const QUOTE = 0x22;
const CR = 0x0d;

/**
 * The records of one slice, exactly as csv-parse with CSV_OPTIONS reads them. A slice
 * without a quote character (the common case) cannot hold quoted fields, escapes or
 * delimiters inside a field, so its records are its lines (ended by "\n" or "\r\n")
 * and its fields what lies between commas: splitting the text that way is several
 * times cheaper than the parser's byte-by-byte state machine. Anything else (a quote,
 * or a "\r" ending the body) goes through csv-parse.
 */
export function parseSlice(body: Buffer, start: number, end: number): string[][] {
  const bytes = body.subarray(start, end);
  if (bytes.length === 0 || bytes.indexOf(QUOTE) !== -1 || bytes[bytes.length - 1] === CR) {
    return parseSync(bytes, CSV_OPTIONS) as string[][];
  }
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  // A slice ends where a record ends: after its "\n", or at the end of the body.
  const n = text.charCodeAt(text.length - 1) === 10 ? lines.length - 1 : lines.length;
  const records: string[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = lines[i]!;
    if (i < lines.length - 1 && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
    records[i] = line.split(',');
  }
  return records;
}
